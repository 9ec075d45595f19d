package org.adoptionkiosk.appliance.ui;

import org.adoptionkiosk.testkit.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A visitor at the kiosk, in a real browser: taps buttons, and types only by tapping the page's own
 * keyboard (shift for capitals, a long press for accents, the symbols layer for digits).
 */
final class Visitor {
    private final Browser browser;
    private final WebDriver driver;
    private final String home;

    Visitor(Browser browser, String home) {
        this.browser = browser;
        this.driver = browser.driver();
        this.home = home;
    }

    WebDriver driver() {
        return driver;
    }

    /** A fresh page on the attract screen. */
    void arrive() {
        driver.get(home);
        waitFor(() -> Boolean.TRUE.equals(js("return document.documentElement.classList.contains('ready')")));
        assertTrue(visible("#screen-attract"));
    }

    void start(String lang) {
        tap(By.cssSelector("[data-start='" + lang + "']"));
        waitFor(() -> visible("#screen-choose"));
    }

    /** Scrolls the element to the middle of its screen, as a visitor would before touching it, and taps it. */
    void tap(By by) {
        WebElement el = wait(5).until(ExpectedConditions.elementToBeClickable(by));
        js("arguments[0].scrollIntoView({block: 'center'})", el);
        el.click();
    }

    void tap(String css) {
        tap(By.cssSelector(css));
    }

    /** Taps a chip or a check box by its input's name and value, the way a finger would: on its label. */
    void choose(String formId, String name, String value) {
        WebElement input = driver.findElement(By.cssSelector(
                "#" + formId + " input[name='" + name + "']" + (value == null ? "" : "[value='" + value + "']")));
        WebElement label = input.findElement(By.xpath("./ancestor::label[1]"));
        js("arguments[0].scrollIntoView({block: 'center'})", label);
        wait(5).until(ExpectedConditions.elementToBeClickable(label)).click();
    }

    /** Opens a picker and taps one of its options. */
    void pick(String pickerId, String value) {
        tap("#" + pickerId);
        tap("#picker .option[data-value='" + value + "']");
        waitFor(() -> !visible("#picker"));
    }

    /** Taps a field, then types the text on the on-screen keyboard. */
    void type(String fieldId, String text) {
        tap("#" + fieldId);
        waitFor(() -> visible("#keyboard"));
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            typeChar(new String(Character.toChars(cp)));
            i += Character.charCount(cp);
        }
    }

    /** Taps "Done" on the keyboard. */
    void done() {
        tap("#keyboard [data-key='done']");
        waitFor(() -> !visible("#keyboard"));
    }

    private void typeChar(String ch) {
        if (ch.equals(" ")) {
            tap("#keyboard [data-key='space']");
            return;
        }
        if (tapKey(ch) || longPressFor(ch)) {
            return;
        }
        // A letter in the other case: Shift (which the keyboard may have turned on by itself for a name).
        boolean letter = !ch.toLowerCase(Locale.ROOT).equals(ch.toUpperCase(Locale.ROOT));
        if (letter && !driver.findElements(By.cssSelector("#keyboard [data-key='shift']")).isEmpty()) {
            tap("#keyboard [data-key='shift']");
            if (tapKey(ch) || longPressFor(ch)) {
                return;
            }
        }
        List<WebElement> layer = driver.findElements(By.cssSelector("#keyboard [data-key='layer']"));
        if (!layer.isEmpty()) {
            layer.get(0).click();
            boolean typed = tapKey(ch);
            driver.findElement(By.cssSelector("#keyboard [data-key='layer']")).click();
            if (typed) {
                return;
            }
        }
        fail("cannot type '" + ch + "' on the " + js("return document.getElementById('keyboard').dataset.layout")
                + " keyboard");
    }

    private boolean tapKey(String ch) {
        for (WebElement key : driver.findElements(By.cssSelector("#keyboard .key-row .key[data-char]"))) {
            if (ch.equals(key.getAttribute("data-char"))) {
                key.click();
                return true;
            }
        }
        return false;
    }

    /** Holds the key whose long press offers the character, then taps it in the pop-up. */
    private boolean longPressFor(String ch) {
        for (WebElement key : driver.findElements(By.cssSelector("#keyboard .key[data-accents]"))) {
            String accents = key.getAttribute("data-accents");
            if (accents != null && accents.contains(ch)) {
                new Actions(driver).clickAndHold(key).pause(Duration.ofMillis(700)).release().perform();
                tap(By.xpath("//div[@id='keyboard']//div[contains(@class,'accents')]//button[@data-char='" + ch + "']"));
                return true;
            }
        }
        return false;
    }

    String value(String fieldId) {
        return driver.findElement(By.id(fieldId)).getDomProperty("value");
    }

    boolean visible(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    /** The visible text of an element (only the chosen language's spans are displayed). */
    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().trim();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void waitFor(java.util.function.BooleanSupplier condition) {
        wait(10).until(d -> condition.getAsBoolean());
    }

    WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    void screenshot(String name) {
        browser.screenshot(name);
    }
}
