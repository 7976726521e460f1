package dev.runboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.util.FileSystemUtils;

/**
 * Headless Chromium and its driver from the system packages (Debian: {@code chromium},
 * {@code chromium-driver}), driven by Selenium. Both binaries are named explicitly, so
 * Selenium never looks for a browser to download: builds have no network beyond Maven
 * Central and apt. Each instance starts with a fresh profile, deleted on close.
 */
public final class HeadlessChromium implements AutoCloseable {

	/**
	 * Where Debian installs them; the system properties point elsewhere on other systems.
	 */
	private static final String CHROMIUM = System.getProperty("runboard.test.chromium", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getProperty("runboard.test.chromedriver",
			"/usr/bin/chromedriver");

	private final Path profile;

	private final ChromeDriver driver;

	private HeadlessChromium(Path profile, ChromeDriver driver) {
		this.profile = profile;
		this.driver = driver;
	}

	/**
	 * Starts a browser whose window is {@code width} by {@code height} pixels (the page
	 * gets a little less height: headless Chromium keeps room for its toolbar).
	 * @throws IllegalStateException when Chromium or its driver is not installed: browser
	 * tests fail rather than skip, so a build without a browser never looks green
	 */
	public static HeadlessChromium start(int width, int height) {
		requireExecutable(CHROMIUM, "Chromium", "runboard.test.chromium");
		requireExecutable(CHROMEDRIVER, "ChromeDriver", "runboard.test.chromedriver");
		Path profile = temporaryProfile();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// The background-networking switches keep Chromium from phoning home: on a closed
		// network those connections are refused and slow the browser down.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
				"--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.withSilent(true)
			.build();
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
			return new HeadlessChromium(profile, driver);
		}
		catch (RuntimeException ex) {
			FileSystemUtils.deleteRecursively(profile.toFile());
			throw ex;
		}
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.profile.toFile());
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
