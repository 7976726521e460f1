package dev.runboard.notifications;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.runboard.aws.Printable;
import dev.runboard.history.Leases;
import dev.runboard.history.StoreSchema;
import dev.runboard.notifications.Outbox.Claimed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Drains the outbox: one sender per deployment (the lease {@value #LEASE}), on a thread
 * of its own, each message claimed before it is sent and marked with what the target
 * answered after. Delivery is at least once: a message whose attempt may have arrived (a
 * crash or a timeout while sending) is sent again, saying so. A target that answers 429,
 * 408 or 5xx, or cannot be reached, is tried again with a doubling wait (at least its
 * {@code Retry-After}); one that refuses the message otherwise (4xx) is not, as it will
 * refuse it again. Each target gets at most one message a second (Slack's limit per
 * webhook). Log lines and the delivery log name the rule and the target's type, never its
 * address, key or secret, and a target's answer is shown with them taken out.
 */
class NotificationSender implements SmartLifecycle {

	static final String LEASE = "notifications sender";

	private static final Log logger = LogFactory.getLog(NotificationSender.class);

	private static final Duration TICK = Duration.ofSeconds(1);

	private static final Duration LEASE_TTL = Duration.ofSeconds(30);

	/** Longer than an attempt can take: its connect and answer timeouts. */
	private static final Duration CLAIM_FOR = Duration.ofMinutes(2);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

	static final int MAX_ATTEMPTS = 12;

	static final Duration FIRST_RETRY = Duration.ofSeconds(2);

	private static final Duration MAX_RETRY = Duration.ofMinutes(30);

	private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

	/** The least time between two messages to one target. */
	static final Duration PACE = Duration.ofSeconds(1);

	private static final int ANSWER_SHOWN = 200;

	private final NotificationRules rules;

	private final Outbox outbox;

	private final StoreSchema schema;

	private final Leases leases;

	private final NotificationMetrics metrics;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(CONNECT_TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		// The JVM's proxy settings (https.proxyHost…), for a deployment whose egress goes
		// through a proxy.
		.proxy(ProxySelector.getDefault())
		.build();

	private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

	private volatile String lastFailure;

	private volatile boolean rulesRegistered;

	private volatile ThreadPoolTaskScheduler scheduler;

	NotificationSender(NotificationRules rules, Outbox outbox, StoreSchema schema, Leases leases,
			NotificationMetrics metrics, Clock clock) {
		this.rules = rules;
		this.outbox = outbox;
		this.schema = schema;
		this.leases = leases;
		this.metrics = metrics;
		this.clock = clock;
	}

	@Override
	public void start() {
		if (this.rules.isEmpty()) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("notifications-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		this.scheduler = scheduler;
		scheduler.scheduleWithFixedDelay(this::drain, TICK);
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			// Interrupts an attempt in flight: it stays claimed as in flight, and
			// whichever
			// replica sends next sends it again as a resend.
			scheduler.getScheduledExecutor().shutdownNow();
			try {
				this.leases.release(LEASE);
			}
			catch (RuntimeException ex) {
				// The store is down: the lease lapses by itself.
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		// Stops before the datasource closes, with the recorder.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	/** Sends what is due, when the store is ready and this replica is the sender. */
	void drain() {
		if (!this.schema.ready()) {
			return;
		}
		try {
			if (!this.rulesRegistered) {
				// From this replica's start on, what turns final is news to each rule.
				this.rules.all().forEach((rule) -> this.outbox.ruleSince(rule.name()));
				this.rulesRegistered = true;
			}
			if (!this.leases.hold(LEASE, LEASE_TTL)) {
				return;
			}
			List<Claimed> claimed = this.outbox.claim(this.leases.holder(), 10, CLAIM_FOR);
			for (Claimed message : claimed) {
				// The lease renewed before each attempt: a batch of slow targets outlasts
				// it, and a replica that took over the sending claims what this one had
				// claimed. Once it is lost, this replica sends nothing more.
				if (Thread.currentThread().isInterrupted() || !isRunning() || !this.leases.hold(LEASE, LEASE_TTL)) {
					return;
				}
				deliver(message);
			}
			if (this.lastFailure != null) {
				logger.info("Notifications are sent again, after: " + this.lastFailure);
				this.lastFailure = null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			if (!isRunning()) {
				return;
			}
			String failure = ex.getClass().getSimpleName();
			if (!failure.equals(this.lastFailure)) {
				// The class alone: a message could carry a target's address.
				logger.warn("Notifications are not sent for now (" + failure + ")"
						+ ((ex instanceof DataAccessException) ? ": the store does not answer" : "")
						+ ". They are tried again every " + TICK.toSeconds() + " s.");
			}
			this.lastFailure = failure;
		}
	}

	private void deliver(Claimed message) throws InterruptedException {
		NotificationRule rule = this.rules.named(message.rule()).orElse(null);
		String about = describe(message, rule);
		if (rule == null) {
			this.outbox.gaveUp(message.id(), "not sent: no rule of that name is configured now");
			logger.warn(about + " not sent: no rule of that name is configured now");
			return;
		}
		Payloads.Request request = Payloads.of(rule, message.notice(), message.deliveryId(), message.kind(),
				message.dedupKey(), message.resent());
		HttpRequest.Builder http = HttpRequest.newBuilder(rule.url())
			.timeout(ANSWER_TIMEOUT)
			.header("Content-Type", "application/json")
			.header("User-Agent", "Runboard")
			.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
		request.headers().forEach(http::header);
		pace(rule);
		HttpResponse<String> answer;
		try {
			answer = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpConnectTimeoutException ex) {
			retry(message, rule, about, "connect timed out", null, false);
			return;
		}
		catch (HttpTimeoutException ex) {
			retry(message, rule, about, "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s", null, true);
			return;
		}
		catch (ConnectException ex) {
			retry(message, rule, about, "connection refused", null, false);
			return;
		}
		catch (IOException ex) {
			// Whether the request arrived is not known: the next attempt says it is a
			// resend.
			retry(message, rule, about, "connection failed (" + ex.getClass().getSimpleName() + ")", null, true);
			return;
		}
		finally {
			this.lastSent.put(key(rule), this.clock.instant());
		}
		int status = answer.statusCode();
		String outcome = "HTTP " + status + answered(answer.body(), rule);
		if (status >= 200 && status < 300) {
			this.outbox.sent(message.id(), outcome);
			this.metrics.attempt(rule, "sent");
			logger.info(about + " sent on attempt " + message.attempt() + ": " + outcome);
		}
		else if (status == 429 || status == 408 || status >= 500) {
			retry(message, rule, about, outcome, retryAfter(answer), false);
		}
		else {
			this.outbox.gaveUp(message.id(), outcome + " (not tried again: the target refuses this message)");
			this.metrics.attempt(rule, "failed");
			logger.warn(about + " refused on attempt " + message.attempt() + ": " + outcome
					+ ". It is not tried again; check the rule's target.");
		}
	}

	private void retry(Claimed message, NotificationRule rule, String about, String outcome, Duration retryAfter,
			boolean maybeDelivered) {
		if (message.attempt() >= MAX_ATTEMPTS) {
			this.outbox.gaveUp(message.id(), outcome + " (given up after " + message.attempt() + " attempts)");
			this.metrics.attempt(rule, "failed");
			logger.warn(about + " not delivered on attempt " + message.attempt() + " (" + outcome + "): given up after "
					+ MAX_ATTEMPTS + " attempts");
			return;
		}
		Duration wait = backoff(message.attempt(), retryAfter);
		this.outbox.retry(message.id(), outcome + " (tried again in " + seconds(wait) + ")", wait, maybeDelivered);
		this.metrics.attempt(rule, "retry");
		logger.warn(about + " not delivered on attempt " + message.attempt() + " (" + outcome + "): tried again in "
				+ seconds(wait));
	}

	/**
	 * The wait before the attempt after {@code attempt}: doubling, at least Retry-After.
	 */
	static Duration backoff(int attempt, Duration retryAfter) {
		Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 20));
		if (wait.compareTo(MAX_RETRY) > 0) {
			wait = MAX_RETRY;
		}
		if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
			wait = (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : retryAfter;
		}
		return wait;
	}

	/** {@code Retry-After} in seconds or as an HTTP date, or {@code null}. */
	private Duration retryAfter(HttpResponse<?> answer) {
		String value = answer.headers().firstValue("Retry-After").orElse(null);
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(this.clock.instant(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unreadable) {
				return null;
			}
		}
	}

	/** Waits until the target may take another message. */
	private void pace(NotificationRule rule) throws InterruptedException {
		Instant last = this.lastSent.get(key(rule));
		if (last != null) {
			long wait = Duration.between(this.clock.instant(), last.plus(PACE)).toMillis();
			if (wait > 0) {
				Thread.sleep(wait);
			}
		}
	}

	/** A target, as the pace is kept: rules that share a webhook share its pace. */
	private static String key(NotificationRule rule) {
		return rule.type().id() + " " + rule.url() + " " + rule.routingKey();
	}

	/** The start of what the target answered, without the rule's secrets, printable. */
	static String answered(String body, NotificationRule rule) {
		if (body == null || body.isBlank()) {
			return "";
		}
		String shown = body.strip();
		for (String secret : rule.secrets()) {
			shown = shown.replace(secret, "[secret]");
		}
		if (shown.length() > ANSWER_SHOWN) {
			shown = shown.substring(0, ANSWER_SHOWN) + "…";
		}
		return ": " + Printable.quoted(shown);
	}

	private static String describe(Claimed message, NotificationRule rule) {
		return "Notification " + message.deliveryId() + " (rule "
				+ ((rule != null) ? rule.name() : Printable.quoted(message.rule()))
				+ ((rule != null) ? ", " + rule.type().id() : "") + ", " + ((message.commandId() != null)
						? message.kind().id() + " " + Printable.of(message.commandId()) : "test message")
				+ (message.resent() ? ", resent" : "") + ")";
	}

	private static String seconds(Duration wait) {
		return wait.toSeconds() + " s";
	}

}
