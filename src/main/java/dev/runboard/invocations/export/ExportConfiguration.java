package dev.runboard.invocations.export;

import java.time.Duration;
import java.util.Map;

import dev.runboard.aws.SsmProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where and for how long exports are written. An export is written after its handler
 * returns, on a thread of its own (Spring MVC's asynchronous processing): on Java 21 and
 * later a virtual thread per export, before that a pool with a thread for every export
 * {@code runboard.export.max-concurrent} allows, so that exports never queue behind each
 * other, nor take the threads pages are served on. The servlet container's asynchronous
 * timeout, which would otherwise end an export silently (Tomcat's default is 30 s), is
 * set above the export's own time limit: the time limit plus the longest one SSM call may
 * take, plus a minute to write the last rows.
 */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration implements WebMvcConfigurer, DisposableBean {

	private static final Log logger = LogFactory.getLog(ExportConfiguration.class);

	/** Time to write what was read once the time limit and a last call are over. */
	private static final Duration WRITING_MARGIN = Duration.ofMinutes(1);

	/** The logging context of the thread that submits, on the thread that runs. */
	private static final TaskDecorator LOGGING_CONTEXT = (task) -> {
		Map<String, String> context = MDC.getCopyOfContextMap();
		return () -> {
			if (context != null) {
				MDC.setContextMap(context);
			}
			try {
				task.run();
			}
			finally {
				MDC.clear();
			}
		};
	};

	private final AsyncTaskExecutor executor;

	private final Duration asyncTimeout;

	ExportConfiguration(ExportProperties export, SsmProperties ssm) {
		int java = Runtime.version().feature();
		this.executor = executor(java, export.maxConcurrent());
		this.asyncTimeout = asyncTimeout(export, ssm);
		logger.info("Exports are written on "
				+ ((java >= 21) ? "virtual threads"
						: "a pool of " + export.maxConcurrent() + " threads (virtual threads from Java 21 on)")
				+ ", for at most " + export.timeLimit() + " each");
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		configurer.setTaskExecutor(this.executor);
		configurer.setDefaultTimeout(this.asyncTimeout.toMillis());
	}

	/** How long the servlet container lets an export run: longer than it ever reads. */
	static Duration asyncTimeout(ExportProperties export, SsmProperties ssm) {
		return export.timeLimit().plus(ssm.apiCallTimeout()).plus(WRITING_MARGIN);
	}

	/**
	 * Virtual threads from Java 21 on; before that, a pool as large as the number of
	 * exports allowed at once. Either carries the request's logging context (its request
	 * ID) over to the export's thread.
	 */
	static AsyncTaskExecutor executor(int javaVersion, int maxConcurrent) {
		if (javaVersion >= 21) {
			SimpleAsyncTaskExecutor virtual = new SimpleAsyncTaskExecutor("export-");
			virtual.setVirtualThreads(true);
			virtual.setTaskDecorator(LOGGING_CONTEXT);
			return virtual;
		}
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setThreadNamePrefix("export-");
		pool.setCorePoolSize(maxConcurrent);
		pool.setMaxPoolSize(maxConcurrent);
		pool.setAllowCoreThreadTimeOut(true);
		pool.setTaskDecorator(LOGGING_CONTEXT);
		pool.initialize();
		return pool;
	}

	@Override
	public void destroy() throws Exception {
		if (this.executor instanceof AutoCloseable closeable) {
			closeable.close();
		}
		else if (this.executor instanceof DisposableBean disposable) {
			disposable.destroy();
		}
	}

}
