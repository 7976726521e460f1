package dev.runboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.util.FileSystemUtils;

/**
 * Headless Chromium and its driver from the system packages (Debian: {@code chromium},
 * {@code chromium-driver}), driven by Selenium. Both binaries are named explicitly, so
 * Selenium never looks for a browser to download: builds have no network beyond Maven
 * Central and apt. Each instance starts with a fresh profile, deleted on close.
 * <p>
 * It also takes the steps browser tests take the same way: waiting for something to show,
 * running script in the page, signing in, waiting for htmx to settle and telling a page
 * changed in place from one reloaded.
 */
public final class HeadlessChromium implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

	/**
	 * Where Debian installs them; the system properties point elsewhere on other systems.
	 */
	private static final String CHROMIUM = System.getProperty("runboard.test.chromium", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getProperty("runboard.test.chromedriver",
			"/usr/bin/chromedriver");

	/** Bounds every wait: a local page load or htmx swap takes well under a second. */
	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final int width;

	private final int height;

	private Path profile;

	private ChromeDriver driver;

	private HeadlessChromium(int width, int height) {
		this.width = width;
		this.height = height;
	}

	/**
	 * Starts a browser whose window is {@code width} by {@code height} pixels (the page
	 * gets a little less height: headless Chromium keeps room for its toolbar).
	 * @throws IllegalStateException when Chromium or its driver is not installed: browser
	 * tests fail rather than skip, so a build without a browser never looks green
	 */
	public static HeadlessChromium start(int width, int height) {
		HeadlessChromium chromium = new HeadlessChromium(width, height);
		chromium.open();
		return chromium;
	}

	/**
	 * A browser of that window size for each test, when registered as an instance
	 * {@code @RegisterExtension} field: started before the test's own {@code @BeforeEach}
	 * methods and closed after it.
	 */
	public static HeadlessChromium eachTest(int width, int height) {
		return new HeadlessChromium(width, height);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		open();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

	private void open() {
		requireExecutable(CHROMIUM, "Chromium", "runboard.test.chromium");
		requireExecutable(CHROMEDRIVER, "ChromeDriver", "runboard.test.chromedriver");
		Path profile = temporaryProfile();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// The background-networking switches keep Chromium from phoning home: on a closed
		// network those connections are refused and slow the browser down.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--window-size=" + this.width + "," + this.height,
				"--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.withSilent(true)
			.build();
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
			this.profile = profile;
			this.driver = driver;
		}
		catch (RuntimeException ex) {
			FileSystemUtils.deleteRecursively(profile.toFile());
			throw ex;
		}
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * A wait of up to 20 seconds for {@code what}. When it runs out, its message names
	 * {@code what} and the address the browser is at. An element that a swap replaces
	 * while the wait reads it is read again at the next poll.
	 */
	public WebDriverWait await(String what) {
		return await(what, PATIENCE);
	}

	/**
	 * A wait as {@link #await(String)}, for up to {@code patience}: for pages that take
	 * longer.
	 */
	public WebDriverWait await(String what, Duration patience) {
		WebDriverWait wait = new WebDriverWait(this.driver, patience);
		wait.withMessage(() -> what + "; the browser is at " + this.driver.getCurrentUrl());
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	/**
	 * Runs {@code script} in the page and returns what it returns; the script reads
	 * {@code arguments} as its {@code arguments}.
	 */
	public Object script(String script, Object... arguments) {
		return this.driver.executeScript(script, arguments);
	}

	/**
	 * Opens {@code url} signed out, which leads to the login page (carrying the page in
	 * its address, {@code /login?to=…}), signs in there as {@code user}, and waits until
	 * the browser is back at the page asked for: {@code arrived} says, from its address,
	 * when it is.
	 */
	public void signIn(String url, String user, String password, Predicate<String> arrived) {
		this.driver.get(url);
		await("the login page").until((browser) -> browser.getCurrentUrl().contains("/login"));
		submitLogin(user, password);
		await("the page asked for").until((browser) -> arrived.test(browser.getCurrentUrl()));
	}

	/**
	 * Types {@code user} and {@code password} into the login page on screen and submits
	 * it.
	 */
	public void submitLogin(String user, String password) {
		this.driver.findElement(By.name("username")).sendKeys(user);
		this.driver.findElement(By.name("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("main.login button[type=submit]")).click();
	}

	/**
	 * Waits until htmx has nothing in flight and no scroll sentinel is in view, so no
	 * request starts unless the test scrolls or changes a filter.
	 */
	public void awaitHtmxIdle() {
		await("htmx to load what is in view").until((browser) -> (Boolean) script("""
				return document.readyState === 'complete' && typeof htmx !== 'undefined'
					&& document.querySelector('.htmx-request') === null
					&& Array.from(document.querySelectorAll('[hx-trigger*="revealed"]'))
						.every((sentinel) => sentinel.getBoundingClientRect().top >= window.innerHeight);
				"""));
	}

	/**
	 * Marks the page on screen. A reload loses the mark, so {@link #pageMarked()} says
	 * whether the page changed in place.
	 */
	public void markPage() {
		script("window.runboardTestMarker = true;");
	}

	/** Whether the page still carries the mark {@link #markPage()} left. */
	public boolean pageMarked() {
		return Boolean.TRUE.equals(script("return window.runboardTestMarker === true;"));
	}

	/**
	 * Lets pages of {@code origin} write and read the clipboard, as a person who allowed
	 * it would (Chrome DevTools' {@code Browser.grantPermissions}).
	 */
	public void allowClipboard(String origin) {
		this.driver.executeCdpCommand("Browser.grantPermissions",
				Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
	}

	/** What the clipboard holds, as text, read by the page on screen. */
	public String clipboard() {
		return (String) this.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				navigator.clipboard.readText().then(done, (error) => done('clipboard unreadable: ' + error));
				""");
	}

	/** Quits the browser, if it runs, and deletes its profile. */
	@Override
	public void close() {
		if (this.driver == null) {
			return;
		}
		try {
			this.driver.quit();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.profile.toFile());
			this.driver = null;
			this.profile = null;
		}
	}

	private static void requireExecutable(String path, String name, String property) {
		if (!Files.isExecutable(Path.of(path))) {
			throw new IllegalStateException(name + " is required by the browser tests but " + path
					+ " is missing or not executable. Install it with "
					+ "'apt-get install -y chromium chromium-driver' (as .ci/run does), " + "or point -D" + property
					+ " at it.");
		}
	}

	private static Path temporaryProfile() {
		try {
			return Files.createTempDirectory("runboard-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
