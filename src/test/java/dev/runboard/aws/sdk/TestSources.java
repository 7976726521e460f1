package dev.runboard.aws.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.runboard.aws.AccountProperties;
import dev.runboard.aws.OutputProperties;
import dev.runboard.aws.RunCommand;
import dev.runboard.aws.Sources;
import dev.runboard.aws.SsmProperties;
import dev.runboard.testing.FakeLogsServer;
import dev.runboard.testing.FakeS3Server;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeStsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/**
 * The {@code aws} source's calls as the application builds them, without the application:
 * {@link SourcesConfiguration} and {@link AwsClientFactory} make the real SDK clients,
 * {@link AwsCalls} and {@link SdkRunCommand} of each source from properties, and the
 * clients talk over HTTP to the JVM's local endpoints unless the properties name others.
 * A wire-level test states the properties it is about (a cache's time to live, the
 * attempts per call, reading ahead) here, where they cost no Spring context.
 */
public final class TestSources implements AutoCloseable {

	private final SdkClientFactory factory;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Sources sources;

	private TestSources(Map<String, String> properties) {
		MockEnvironment environment = new MockEnvironment();
		properties.forEach(environment::setProperty);
		Binder binder = Binder.get(environment);
		SsmProperties ssm = binder.bindOrCreate("runboard.ssm", SsmProperties.class);
		OutputProperties output = binder.bindOrCreate("runboard.output", OutputProperties.class);
		AccountProperties accounts = binder.bindOrCreate("runboard", AccountProperties.class);
		this.factory = new AwsClientFactory(ssm, output, accounts);
		this.sources = new SourcesConfiguration().sources(this.factory, ssm, accounts, output, this.meters,
				this.executor);
	}

	/**
	 * The sources of the {@code aws} source on the JVM's local endpoints, in
	 * {@code eu-west-1}, with these properties ({@code name=value}) over the defaults;
	 * the caller closes them.
	 */
	public static TestSources aws(String... properties) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("runboard.ssm.source", "aws");
		all.put("runboard.ssm.region", "eu-west-1");
		all.put("runboard.ssm.endpoint", FakeSsmServer.local(null).endpoint().toString());
		all.put("runboard.ssm.api-call-attempt-timeout", "1m");
		all.put("runboard.ssm.api-call-timeout", "2m");
		all.put("runboard.output.s3-endpoint", FakeS3Server.local(null).endpoint().toString());
		all.put("runboard.output.logs-endpoint", FakeLogsServer.local(null).endpoint().toString());
		all.put("runboard.sts-endpoint", FakeStsServer.local().endpoint().toString());
		for (String property : properties) {
			int equals = property.indexOf('=');
			all.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return new TestSources(all);
	}

	public Sources sources() {
		return this.sources;
	}

	/** The calls of the first source, the one single-source views read. */
	public RunCommand runCommand() {
		return this.sources.primary().runCommand();
	}

	/** The meters the calls record: timers per operation, the cache's hits and misses. */
	public SimpleMeterRegistry meters() {
		return this.meters;
	}

	@Override
	public void close() {
		this.factory.close();
		this.executor.shutdownNow();
	}

}
