package dev.runboard.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * A test of the whole application: its web server on a random port, and MockMvc on the
 * same context, in one of a few fixed {@link Setup setups}. Tests of one setup share one
 * Spring context ({@link RunboardTestContextCustomizerFactory} gives every class of a
 * setup the same properties), so a class never adds properties of its own: what it needs
 * is data it puts behind the JVM's local endpoints ({@link FakeSsmServer#local},
 * {@link FakeS3Server#local}, {@link FakeLogsServer#local}) or the clock it moves
 * ({@link SettableClock}, the context's {@code Clock}, which stands still until a test
 * moves it).
 * <p>
 * Nothing calls AWS in the background of these contexts: the warm-up, the answer cache
 * and (but in {@link Setup#READING_AHEAD}) reading ahead are off, and the readiness check
 * asks only when a probe asks it. So a test that counts calls counts its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
public @interface RunboardTest {

	Setup value() default Setup.AWS;

	/** The few configurations the whole-application tests run in. */
	enum Setup {

		/**
		 * The {@code aws} source in one region, reading SSM, S3 and CloudWatch Logs from
		 * the JVM's local endpoints; the {@link LocalUsers local users}, output reserved
		 * to the role {@code OUTPUT}, actions on for the role {@code OPERATOR}, and
		 * sign-in through an OIDC provider too ({@link LocalOidc}).
		 */
		AWS,

		/**
		 * As {@link #AWS}, with the page after a scrolled one read ahead in the
		 * background ({@code runboard.ssm.prefetch}). Reading ahead spans the
		 * controllers, the merge of streams and the calls, and it is a background caller:
		 * it has this context of its own, where no other test counts calls.
		 */
		READING_AHEAD,

		/**
		 * The built-in sandbox, as someone trying Runboard runs it (its {@code demo}
		 * user), in two regions ({@code eu-west-1}, the first, and {@code us-east-1}),
		 * served under the path {@code /runboard} as behind a reverse proxy that adds
		 * one. MockMvc requests carry no context path, so they use the paths as they are.
		 */
		SANDBOX

	}

}
