package org.adoptionkiosk.hub;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/**
 * What the dashboard's browser tests do the same way: sign in through the form, run a script, switch
 * to Welsh, read a table's row.
 */
record DashboardBrowser(WebDriver d, String base) {

    /** Signs {@code user} in with the fixture's password and waits for the figures page it lands on. */
    void signIn(String user) {
        d.get(base + "/login");
        d.findElement(By.id("username")).sendKeys(user);
        d.findElement(By.id("password")).sendKeys(HubFixture.PASSWORD);
        d.findElement(By.cssSelector("form.login button[type=submit]")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> w.getCurrentUrl().endsWith("/figures"));
    }

    Object js(String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }

    /** The language toggle's Cymraeg button, and the page it comes back to in Welsh. */
    void toWelsh() {
        d.findElement(By.cssSelector(".lang-toggle button[value=cy]")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(w -> "cy".equals(js("return document.documentElement.lang")));
    }

    /** The row of table {@code table} whose heading cell reads {@code name}. */
    WebElement row(String table, String name) {
        for (WebElement r : d.findElements(By.cssSelector("#" + table + " tbody tr"))) {
            if (r.findElement(By.cssSelector("th")).getText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no row " + name + " in " + table + ": " + d.findElement(By.id(table)).getText());
    }

    /** A row's data cells, as shown. */
    static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("td")).stream().map(WebElement::getText).toList();
    }
}
