package dev.runboard.web;

import java.time.Duration;

import dev.runboard.aws.SsmProperties;
import dev.runboard.history.HistoryRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poll interval reaches htmx exactly as configured: whole seconds as seconds,
 * anything finer in milliseconds, never rounded.
 */
class ViewSupportTests {

	@Test
	void wholeSecondsPollInSeconds() {
		assertThat(view(Duration.ofSeconds(5)).pollTrigger()).isEqualTo("every 5s");
		assertThat(view(Duration.ofSeconds(5)).pollInterval()).isEqualTo("5s");
	}

	@Test
	void anIntervalBetweenSecondsPollsInMilliseconds() {
		assertThat(view(Duration.ofMillis(2500)).pollTrigger()).isEqualTo("every 2500ms");
		assertThat(view(Duration.ofMillis(2500)).pollInterval()).isEqualTo("2500ms");
	}

	private static ViewSupport view(Duration pollInterval) {
		SsmProperties ssm = Binder.get(new MockEnvironment()).bindOrCreate("runboard.ssm", SsmProperties.class);
		return new ViewSupport(ssm, new UiProperties(pollInterval),
				new DefaultListableBeanFactory().getBeanProvider(HistoryRepository.class));
	}

}
