package dev.runboard.aws.sdk;

import java.util.Optional;

import dev.runboard.aws.OutputLink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output locations SSM reports, turned into console links; only {@code https:} ever
 * becomes a link.
 */
class OutputLinksTests {

	static final String COMMAND_ID = "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10";

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	/**
	 * {@code <prefix>/<CommandId>/<InstanceId>/<plugin without ':'>/<step without ':'>/stdout}.
	 */
	static final String KEY = "runs/" + COMMAND_ID + "/" + INSTANCE_ID
			+ "/awsrunShellScript/0.awsrunShellScript/stdout";

	@Test
	void pathStyleS3UrlOpensTheObjectInTheS3Console() {
		assertThat(s3Url("https://s3.eu-west-1.amazonaws.com/ops-output/" + KEY))
			.isEqualTo("https://s3.console.aws.amazon.com/s3/object/ops-output?region=eu-west-1&prefix=" + KEY);
	}

	@Test
	void virtualHostedS3UrlOpensTheObjectInTheS3Console() {
		assertThat(s3Url("https://ops-output.s3.eu-west-1.amazonaws.com/" + KEY))
			.isEqualTo("https://s3.console.aws.amazon.com/s3/object/ops-output?region=eu-west-1&prefix=" + KEY);
	}

	@Test
	void virtualHostedBucketNameMayContainDots() {
		assertThat(s3Url("https://ops.output.example.s3.us-east-2.amazonaws.com/" + KEY))
			.isEqualTo("https://s3.console.aws.amazon.com/s3/object/ops.output.example?region=us-east-2&prefix=" + KEY);
	}

	@Test
	void legacyGlobalS3EndpointMeansUsEast1() {
		assertThat(s3Url("https://s3.amazonaws.com/ops-output/" + KEY))
			.isEqualTo("https://s3.console.aws.amazon.com/s3/object/ops-output?region=us-east-1&prefix=" + KEY);
	}

	@Test
	void legacyDashRegionS3EndpointIsRecognised() {
		assertThat(s3Url("https://s3-eu-west-1.amazonaws.com/ops-output/" + KEY))
			.isEqualTo("https://s3.console.aws.amazon.com/s3/object/ops-output?region=eu-west-1&prefix=" + KEY);
	}

	@Test
	void s3KeyIsDecodedFromTheUrlAndEncodedForTheConsoleQuery() {
		assertThat(s3Url("https://s3.eu-west-1.amazonaws.com/ops-output/nightly%20runs/a&b=c/stdout"))
			.isEqualTo("https://s3.console.aws.amazon.com/s3/object/ops-output?region=eu-west-1"
					+ "&prefix=nightly%20runs/a%26b%3Dc/stdout");
	}

	@Test
	void aPlusInTheUrlsPathIsAPlusInTheKeyAndIsEncodedForTheConsole() {
		assertThat(OutputLinks.s3Location("https://s3.eu-west-1.amazonaws.com/ops-output/c++/stdout"))
			.hasValueSatisfying((object) -> assertThat(object.key()).isEqualTo("c++/stdout"));
		assertThat(s3Url("https://s3.eu-west-1.amazonaws.com/ops-output/c++/stdout"))
			.endsWith("&prefix=c%2B%2B/stdout");
	}

	@Test
	void s3LinkKeepsItsKindAndLabel() {
		OutputLink link = OutputLinks.s3("s3-stderr", "stderr in S3", "https://s3.eu-west-1.amazonaws.com/b/k").get();
		assertThat(link.kind()).isEqualTo("s3-stderr");
		assertThat(link.label()).isEqualTo("stderr in S3");
	}

	@Test
	void anotherHttpsUrlIsLinkedAsItIs() {
		assertThat(s3Url("https://artifacts.example.com/runs/stdout.txt"))
			.isEqualTo("https://artifacts.example.com/runs/stdout.txt");
	}

	@Test
	void httpsSchemeIsRecognisedInAnyCase() {
		assertThat(OutputLinks.s3("s3-stdout", "stdout in S3", "HTTPS://s3.eu-west-1.amazonaws.com/b/k")).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://s3.eu-west-1.amazonaws.com/ops-output/stdout", "javascript:alert(1)",
			"JavaScript:alert(document.cookie)//https://s3.amazonaws.com/b/k", " javascript:alert(1)",
			"data:text/html,<script>alert(1)</script>", "ftp://example.com/stdout", "s3://ops-output/stdout",
			"//s3.eu-west-1.amazonaws.com/ops-output/stdout", "/relative/stdout", "not a url at all", "https://",
			"https:///no-host", "https://exa mple.com/stdout" })
	void aUrlThatIsNotHttpsBecomesNoLink(String url) {
		assertThat(OutputLinks.s3("s3-stdout", "stdout in S3", url)).isEmpty();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " " })
	void noUrlBecomesNoLink(String url) {
		assertThat(OutputLinks.s3("s3-stdout", "stdout in S3", url)).isEmpty();
	}

	@Test
	void cloudWatchLinkOpensTheStepsLogStreamWithNamesEncodedTwiceAndPercentAsDollar() {
		OutputLink link = OutputLinks.cloudWatch("cloudwatch", "stdout in CloudWatch", Region.EU_WEST_1,
				"/aws/ssm/AWS-RunShellScript", COMMAND_ID, INSTANCE_ID, "aws:runShellScript", "stdout");
		assertThat(link.kind()).isEqualTo("cloudwatch");
		assertThat(link.url()).isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
				+ "#logsV2:log-groups/log-group/$252Faws$252Fssm$252FAWS-RunShellScript/log-events/" + COMMAND_ID
				+ "$252F" + INSTANCE_ID + "$252Faws-runShellScript$252Fstdout");
	}

	@Test
	void cloudWatchStreamWritesColonAndAsteriskOfTheStepAsDash() {
		OutputLink link = OutputLinks.cloudWatch("cloudwatch-stderr", "stderr in CloudWatch", Region.US_EAST_1,
				"patching", COMMAND_ID, INSTANCE_ID, "Patch:Linux*All", "stderr");
		assertThat(link.url()).isEqualTo("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
				+ "#logsV2:log-groups/log-group/patching/log-events/" + COMMAND_ID + "$252F" + INSTANCE_ID
				+ "$252FPatch-Linux-All$252Fstderr");
	}

	@Test
	void cloudWatchNamesWithSpacesAndReservedCharactersAreEncodedTwice() {
		OutputLink link = OutputLinks.cloudWatch("cloudwatch", "stdout in CloudWatch", Region.EU_WEST_1, "ops logs#1",
				COMMAND_ID, INSTANCE_ID, "run step", "stdout");
		assertThat(link.url()).contains("#logsV2:log-groups/log-group/ops$2520logs$25231/log-events/")
			.endsWith("$252Frun$2520step$252Fstdout")
			.doesNotContain("%", " ");
	}

	@Test
	void cloudWatchStreamsLinkFiltersTheGroupToOneInvocation() {
		OutputLink link = OutputLinks.cloudWatchStreams("cloudwatch", "CloudWatch Logs", Region.EU_WEST_1,
				"/aws/ssm/AWS-RunShellScript", COMMAND_ID, INSTANCE_ID);
		// The console's fragment takes its query separators encoded once and the values
		// twice.
		assertThat(link.url()).isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
				+ "#logsV2:log-groups/log-group/$252Faws$252Fssm$252FAWS-RunShellScript$3FlogStreamNameFilter$3D"
				+ COMMAND_ID + "$252F" + INSTANCE_ID);
	}

	private static String s3Url(String url) {
		Optional<OutputLink> link = OutputLinks.s3("s3-stdout", "stdout in S3", url);
		assertThat(link).as("link for %s", url).isPresent();
		assertThat(link.get().url()).startsWith("https://");
		return link.get().url();
	}

}
