package dev.runboard.invocations.export;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.runboard.aws.SsmProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Where exports are written, and for how long the servlet container lets them run: always
 * longer than an export reads, so that only the export's own limit ends it, and saying so
 * in the file.
 */
class ExportConfigurationTests {

	@Test
	void theContainersTimeoutIsTheTimeLimitPlusTheLongestSsmCallPlusAMinute() {
		ExportProperties export = new ExportProperties(10_000, 400, Duration.ofMinutes(5), 16, 2);
		SsmProperties ssm = Binder.get(new StandardEnvironment()).bindOrCreate("runboard.ssm", SsmProperties.class);

		assertThat(ExportConfiguration.asyncTimeout(export, ssm))
			.isEqualTo(Duration.ofMinutes(5).plus(ssm.apiCallTimeout()).plusMinutes(1))
			.isGreaterThan(Duration.ofSeconds(30));
	}

	@Test
	void beforeJava21ExportsGetAPoolWithAThreadForEveryExportAllowedAtOnce() {
		AsyncTaskExecutor executor = ExportConfiguration.executor(17, 16);
		try {
			assertThat(executor).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, (pool) -> {
				assertThat(pool.getCorePoolSize()).isEqualTo(16);
				assertThat(pool.getMaxPoolSize()).isEqualTo(16);
			});
		}
		finally {
			((ThreadPoolTaskExecutor) executor).shutdown();
		}
	}

	@Test
	void fromJava21OnEachExportGetsAVirtualThread() throws Exception {
		assumeThat(Runtime.version().feature()).as("a Java runtime with virtual threads").isGreaterThanOrEqualTo(21);
		AsyncTaskExecutor executor = ExportConfiguration.executor(Runtime.version().feature(), 16);
		Method isVirtual = Thread.class.getMethod("isVirtual");
		Future<Object> virtual = executor.submit(() -> isVirtual.invoke(Thread.currentThread()));
		assertThat(virtual.get(10, TimeUnit.SECONDS)).isEqualTo(true);
		((AutoCloseable) executor).close();
	}

}
