package dev.runboard.invocations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxLogsClient;
import dev.runboard.aws.sandbox.SandboxS3Client;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.FakeLogsServer;
import dev.runboard.testing.FakeS3Server;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeStsServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriUtils;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole output is read where its invocation lives: with two accounts and two regions,
 * every S3 and CloudWatch Logs request for an invocation is signed with the credentials
 * of that invocation's account (the role Runboard assumed there), for that invocation's
 * region, and sent to the endpoint configured for that region. Each region has its own
 * local SSM, S3 and CloudWatch Logs endpoints; accounts are told apart by the access key
 * each role's credentials carry.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class WholeOutputAcrossSourcesTests {

	static final String PROD_ROLE = "arn:aws:iam::111122223333:role/runboard-read";

	static final String STAGING_ROLE = "arn:aws:iam::444455556666:role/runboard-read";

	static final CommandInvocation INVOCATION = OutputFixtures.invocation("i-0aaaabbbbccccdddd",
			OutputFixtures.listed(OutputFixtures.LONG_STDOUT), OutputFixtures.LOG_GROUP);

	/** A plugin name with every character that means something in a query string. */
	static final String ODD_PLUGIN = "deploy: a&b=c+d #1 é/x?y%";

	static final CommandInvocation ODD = oddlyNamed(
			OutputFixtures.invocation("i-0eeeeffff00001111", "short output", OutputFixtures.LOG_GROUP));

	static final FakeStsServer sts = new FakeStsServer(Duration.ofHours(1));

	static final Region[] REGIONS = { Region.EU_WEST_1, Region.US_EAST_1 };

	static final FakeSsmServer[] ssm = new FakeSsmServer[2];

	static final FakeS3Server[] s3 = new FakeS3Server[2];

	static final FakeLogsServer[] logs = new FakeLogsServer[2];

	static {
		for (int i = 0; i < REGIONS.length; i++) {
			ssm[i] = new FakeSsmServer(new SandboxSsmClient(WholeOutput.DATA, Clock.systemUTC(), REGIONS[i]));
			s3[i] = new FakeS3Server(new SandboxS3Client(WholeOutput.DATA, Clock.systemUTC()));
			logs[i] = new FakeLogsServer(new SandboxLogsClient(WholeOutput.DATA, Clock.systemUTC()));
		}
	}

	/** The one invocation every endpoint knows, and its whole output. */
	static final class WholeOutput {

		static final SandboxData DATA = new SandboxData() {

			@Override
			public List<CommandInvocation> invocationsAt(Instant now) {
				return List.of(INVOCATION, ODD);
			}

			@Override
			public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName,
					Instant now) {
				return Optional.of(new FullOutput(OutputFixtures.LONG_STDOUT, OutputFixtures.LONG_STDERR));
			}

		};

	}

	@DynamicPropertySource
	static void sources(DynamicPropertyRegistry registry) {
		registry.add("runboard.ssm.source", () -> "aws");
		registry.add("runboard.ssm.regions[0]", () -> "eu-west-1");
		registry.add("runboard.ssm.regions[1]", () -> "us-east-1");
		for (int i = 0; i < REGIONS.length; i++) {
			String region = REGIONS[i].id();
			int index = i;
			registry.add("runboard.ssm.endpoints." + region, () -> ssm[index].endpoint().toString());
			registry.add("runboard.output.s3-endpoints." + region, () -> s3[index].endpoint().toString());
			registry.add("runboard.output.logs-endpoints." + region, () -> logs[index].endpoint().toString());
		}
		registry.add("runboard.sts-endpoint", () -> sts.endpoint().toString());
		registry.add("runboard.accounts[0].name", () -> "prod");
		registry.add("runboard.accounts[0].role-arn", () -> PROD_ROLE);
		registry.add("runboard.accounts[1].name", () -> "staging");
		registry.add("runboard.accounts[1].role-arn", () -> STAGING_ROLE);
		registry.add("runboard.accounts[1].regions[0]", () -> "us-east-1");
	}

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void reset() {
		for (int i = 0; i < REGIONS.length; i++) {
			ssm[i].reset();
			s3[i].reset();
			logs[i].reset();
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/invocations                  | eu-west-1, us-east-1
			/invocations?account=staging  | us-east-1
			/invocations?account=prod     | eu-west-1, us-east-1
			/invocations?region=eu-west-1 | eu-west-1
			""")
	void theTableSaysWhichRegionsItRead(String link, String regions) throws Exception {
		MvcTestResult result = this.mvc.get().uri(link).exchange();
		assertThat(result).hasStatusOk();
		assertThat(Jsoup.parse(result.getResponse().getContentAsString()).selectFirst("span.region").text())
			.isEqualTo(regions);
	}

	@ParameterizedTest
	@CsvSource({ "prod, eu-west-1, 0, " + PROD_ROLE, "prod, us-east-1, 1, " + PROD_ROLE,
			"staging, us-east-1, 1, " + STAGING_ROLE })
	void s3IsReadWithTheCredentialsRegionAndEndpointOfTheInvocationsSource(String account, String region, int index,
			String role) {
		Document chunk = chunk(account, region, "s3");

		assertThat(chunk.selectFirst("[data-output-problem]")).isNull();
		assertThat(chunk.selectFirst("pre.output-chunk").wholeText())
			.startsWith(OutputFixtures.LONG_STDOUT.substring(0, 200));
		assertThat(s3[index].calls()).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.authorization()).containsPattern(credential(role, region, "s3")));
		assertThat(s3[1 - index].calls()).as("the other region's endpoint").isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "prod, eu-west-1, 0, " + PROD_ROLE, "prod, us-east-1, 1, " + PROD_ROLE,
			"staging, us-east-1, 1, " + STAGING_ROLE })
	void cloudWatchLogsIsReadWithTheCredentialsRegionAndEndpointOfTheInvocationsSource(String account, String region,
			int index, String role) {
		Document chunk = chunk(account, region, "cloudwatch");

		assertThat(chunk.selectFirst("[data-output-problem]")).isNull();
		assertThat(chunk.selectFirst("pre.output-chunk").wholeText())
			.startsWith(OutputFixtures.LONG_STDOUT.substring(0, 200));
		assertThat(logs[index].calls()).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.authorization()).containsPattern(credential(role, region, "logs")));
		assertThat(logs[1 - index].calls()).as("the other region's endpoint").isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "prod, eu-west-1", "staging, us-east-1" })
	void linksToAPluginWhoseNameNeedsEncodingWorkInEverySource(String account, String region) {
		MvcTestResult detail = this.mvc.get()
			.uri("/invocations/{c}/{i}?account={a}&region={r}", ODD.commandId(), ODD.instanceId(), account, region)
			.exchange();
		assertThat(detail).hasStatusOk();
		Document page = Jsoup.parse(new String(detail.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));

		String download = page.selectFirst("a[data-download=stdout]").attr("href");
		MvcTestResult file = this.mvc.get()
			.uri(URI.create(AwsSourceTestSupport.asServletContainerReads(download)))
			.exchange();
		assertThat(file).hasStatusOk().bodyText().startsWith(OutputFixtures.LONG_STDOUT.substring(0, 100));

		String read = page.selectFirst("[data-read-output=s3-stdout]").attr("hx-get");
		MvcTestResult chunk = this.mvc.get()
			.uri(URI.create(AwsSourceTestSupport.asServletContainerReads(read)))
			.header("HX-Request", "true")
			.exchange();
		assertThat(chunk).hasStatusOk();
		Document fragment = Jsoup
			.parseBodyFragment(new String(chunk.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
		assertThat(fragment.select("[data-output-problem]")).isEmpty();
		assertThat(fragment.selectFirst("pre.output-chunk").wholeText())
			.startsWith(OutputFixtures.LONG_STDOUT.substring(0, 100));
	}

	static CommandInvocation oddlyNamed(CommandInvocation invocation) {
		String directory = ODD_PLUGIN.replace(":", "");
		String prefix = "https://s3.eu-west-1.amazonaws.com/" + OutputFixtures.BUCKET + "/runcommand/"
				+ invocation.commandId() + "/" + invocation.instanceId() + "/"
				+ UriUtils.encodePathSegment(directory, StandardCharsets.UTF_8) + "/0."
				+ UriUtils.encodePathSegment(directory, StandardCharsets.UTF_8) + "/";
		return invocation.toBuilder()
			.commandPlugins(invocation.commandPlugins()
				.get(0)
				.toBuilder()
				.name(ODD_PLUGIN)
				.standardOutputUrl(prefix + "stdout")
				.standardErrorUrl(prefix + "stderr")
				.build())
			.build();
	}

	/**
	 * The SigV4 credential scope of a request signed with the key of the role's
	 * credentials, for that region and service.
	 */
	static String credential(String role, String region, String service) {
		return "Credential=" + FakeStsServer.accessKeyId(role) + "/\\d{8}/" + region + "/" + service + "/aws4_request";
	}

	Document chunk(String account, String region, String source) {
		String uri = "/invocations/" + INVOCATION.commandId() + "/" + INVOCATION.instanceId()
				+ "/output?plugin=aws:runShellScript&stream=stdout&source=" + source + "&account=" + account
				+ "&region=" + region;
		MvcTestResult result = this.mvc.get().uri(uri).header("HX-Request", "true").exchange();
		assertThat(result).hasStatusOk();
		return Jsoup
			.parseBodyFragment(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
	}

}
