package org.adoptionkiosk.hub;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/** What the dashboard's browser tests do the same way: sign in through the form, run a script, switch to Welsh. */
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
}
