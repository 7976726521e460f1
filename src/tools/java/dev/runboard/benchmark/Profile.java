package dev.runboard.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went while a phase ran, from JFR's execution samples of this JVM (the
 * application, the local SSM endpoint and the clients share it): samples are counted for
 * the work they belong to (a request the application serves, a page read ahead, the
 * endpoint, the clients), and the application's by the library of the innermost frame
 * that is not the JDK's, and by method.
 *
 * @param samples execution samples of the application's request threads
 * @param owners every sample, by the work it belongs to
 * @param libraries the application's samples by library
 * @param methods the application's samples by innermost method, the top ones
 */
record Profile(int samples, Map<String, Double> owners, Map<String, Double> libraries, Map<String, Double> methods) {

	static final String APPLICATION = "the application serving requests";

	/** Runs {@code phase} under a JFR recording, and profiles what it sampled. */
	static <T> Profiled<T> of(Callable<T> phase, Path file) throws Exception {
		try (Recording recording = new Recording()) {
			recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
			recording.start();
			T result = phase.call();
			recording.stop();
			recording.dump(file);
			return new Profiled<>(result, read(file));
		}
	}

	record Profiled<T>(T result, Profile profile) {

	}

	private static Profile read(Path file) throws IOException {
		Map<String, Integer> owners = new LinkedHashMap<>();
		Map<String, Integer> libraries = new LinkedHashMap<>();
		Map<String, Integer> methods = new LinkedHashMap<>();
		int all = 0;
		int application = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
				continue;
			}
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			String owner = owner(frames);
			owners.merge(owner, 1, Integer::sum);
			all++;
			if (!owner.equals(APPLICATION)) {
				continue;
			}
			application++;
			libraries.merge(library(frames), 1, Integer::sum);
			if (!frames.isEmpty()) {
				RecordedFrame top = frames.get(0);
				methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
			}
		}
		return new Profile(application, shares(owners, all, 10), shares(libraries, application, 12),
				shares(methods, application, 12));
	}

	private static String owner(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (type.startsWith("dev.runboard.aws.sdk.ReadAhead")) {
				return "the application reading pages ahead";
			}
			if (type.startsWith("org.apache.catalina.") || type.startsWith("org.apache.coyote.")
					|| type.startsWith("org.apache.tomcat.")) {
				return APPLICATION;
			}
			if (type.startsWith("dev.runboard.testing.FakeSsmServer") || type.startsWith("sun.net.httpserver.")) {
				return "the local SSM endpoint";
			}
			if (type.startsWith("jdk.internal.net.http.") || type.startsWith("dev.runboard.benchmark.")
					|| type.startsWith("dev.runboard.testing.SignedInClient")) {
				return "the benchmark's clients";
			}
		}
		return "other (JIT, GC and JFR threads are not sampled; this is the rest)";
	}

	/** The library of the innermost frame outside the JDK. */
	private static String library(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
					|| type.startsWith("javax.")) {
				continue;
			}
			if (type.startsWith("org.thymeleaf.") || type.startsWith("org.attoparser.")
					|| type.startsWith("org.springframework.expression.")
					|| type.startsWith("io.github.wimdeblauwe.htmx.spring.boot.thymeleaf.")) {
				return "Thymeleaf (templates, expressions)";
			}
			if (type.startsWith("software.amazon.awssdk.") || type.startsWith("org.apache.http.")) {
				return "AWS SDK (HTTP, JSON, signing)";
			}
			if (type.startsWith("dev.runboard.")) {
				return "Runboard (views, links, formats)";
			}
			if (type.startsWith("org.apache.")) {
				return "Tomcat";
			}
			if (type.startsWith("org.springframework.security.")) {
				return "Spring Security";
			}
			if (type.startsWith("org.springframework.")) {
				return "Spring (MVC, core)";
			}
			if (type.startsWith("ch.qos.logback.") || type.startsWith("org.slf4j.")) {
				return "logging";
			}
			if (type.startsWith("com.github.benmanes.caffeine.")) {
				return "Caffeine";
			}
			return "other libraries";
		}
		return "the JDK alone";
	}

	private static Map<String, Double> shares(Map<String, Integer> counts, int total, int limit) {
		Map<String, Double> shares = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
			.limit(limit)
			.forEach((entry) -> shares.put(entry.getKey(), (total > 0) ? 100.0 * entry.getValue() / total : 0));
		return shares;
	}

}
