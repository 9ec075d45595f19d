package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PageServletTest {

    @Test
    void theDataBlockCanNeverCloseItsScriptElement() {
        String json = "{\"name\":\"</script><script>alert(1)</script><!--\"}";
        String block = PageServlet.dataBlock(json);
        assertFalse(block.contains("<"), block);
        assertEquals("{\"name\":\"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u003c!--\"}", block);
    }
}
