package dev.runboard.invocations;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.web.PageToken;
import dev.runboard.web.QueryParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The query parameters of {@code /invocations} and {@code /invocations/rows}: what SSM
 * would accept gets through, normalised; everything else is refused before any call,
 * naming the parameter. {@code status} may repeat or be {@code problems}; {@code region}
 * and {@code account} pick among the configured sources.
 */
class InvocationFilterTests {

	static final Sources TWO_REGIONS = new Sources(
			List.of(new Source(null, "eu-west-1", null), new Source(null, "us-east-1", null)));

	/** The default of {@code runboard.invocations.max-streams}. */
	static final int MAX_STREAMS = 12;

	static final String COMMAND_ID = "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10";

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	@Test
	void noParametersMeansAllInvocationsWithDetailsFiftyAPage() {
		InvocationQuery query = query(parameters());
		assertThat(query).isEqualTo(InvocationQuery.ALL);
		assertThat(query.details()).isTrue();
		assertThat(query.pageSize()).isEqualTo(50);
		assertThat(query.unfiltered()).isTrue();
	}

	@Test
	void blankValuesCountAsAbsent() {
		InvocationQuery query = query(parameters("commandId", "", "instanceId", " ", "status", "", "document", "\t",
				"after", "", "before", " ", "details", "", "pageSize", ""));
		assertThat(query).isEqualTo(InvocationQuery.ALL);
	}

	@Test
	void surroundingWhitespaceOfAPastedValueIsIgnored() {
		InvocationQuery query = query(parameters("commandId", " " + COMMAND_ID + "\n"));
		assertThat(query.commandId()).isEqualTo(COMMAND_ID);
	}

	@Test
	void unknownParametersAreIgnored() {
		assertThat(query(parameters("sort", "newest", "utm_source", "chat"))).isEqualTo(InvocationQuery.ALL);
	}

	@Test
	void commandIdOfThirtySixCharactersIsAccepted() {
		assertThat(query(parameters("commandId", COMMAND_ID)).commandId()).isEqualTo(COMMAND_ID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a1", "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a100",
			"0b9a4d7e_2c55_4a3e_9d61_4c1f0e2b7a10", "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a1!", "latest" })
	void commandIdThatIsNotThirtySixLettersDigitsOrDashesIsRejected(String commandId) {
		assertRejected(parameters("commandId", commandId), "commandId", "36 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "i-0123abcd", "i-0123456789abcdef0", "mi-0123456789abcdef0" })
	void instanceIdOfAnEc2InstanceOrHybridNodeIsAccepted(String instanceId) {
		assertThat(query(parameters("instanceId", instanceId)).instanceId()).isEqualTo(instanceId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "i-0123abc", "i-0123abcde", "i-0123456789abcdef", "i-0123456789abcdef01", "mi-0123abcd",
			"mi-0123456789abcdef", "I-0123abcd", "0123abcd", "i-0123-abcd", "web-01" })
	void instanceIdOfAnotherShapeIsRejected(String instanceId) {
		assertRejected(parameters("instanceId", instanceId), "instanceId", "mi-");
	}

	@Test
	void theStatusFilterValuesAreTheThirteenListCommandInvocationsAccepts() {
		assertThat(InvocationQuery.STATUSES).containsExactly("Pending", "InProgress", "Delayed", "Success", "Cancelled",
				"Failed", "TimedOut", "AccessDenied", "DeliveryTimedOut", "ExecutionTimedOut", "Undeliverable",
				"InvalidPlatform", "Terminated");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Pending", "InProgress", "Delayed", "Success", "Cancelled", "Failed", "TimedOut",
			"AccessDenied", "DeliveryTimedOut", "ExecutionTimedOut", "Undeliverable", "InvalidPlatform", "Terminated" })
	void statusIsAcceptedInAnyCaseAndNormalised(String status) {
		assertThat(query(parameters("status", status)).status()).isEqualTo(status);
		assertThat(query(parameters("status", status.toLowerCase())).status()).isEqualTo(status);
		assertThat(query(parameters("status", status.toUpperCase())).status()).isEqualTo(status);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Done", "Succeeded", "In Progress", "Cancelling", "Canceled", "Failed,Success" })
	void statusOutsideTheAcceptedValuesIsRejectedListingThem(String status) {
		InvalidQueryException ex = rejected(parameters("status", status));
		assertThat(ex.getParameter()).isEqualTo("status");
		assertThat(ex.getMessage()).contains(String.join(", ", InvocationQuery.STATUSES));
	}

	@ParameterizedTest
	@ValueSource(strings = { "AWS-RunShellScript", "a", "My_Document.v2",
			"arn:aws:ssm:eu-west-1:123456789012:document/Patch-Fleet" })
	void documentNameOrArnIsAccepted(String document) {
		assertThat(query(parameters("document", document)).document()).isEqualTo(document);
	}

	@Test
	void documentNameOf128CharactersIsAccepted() {
		String document = "D".repeat(128);
		assertThat(query(parameters("document", document)).document()).isEqualTo(document);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "Run Shell Script", "AWS-RunShellScript;", "doc?x=1", "<script>", "Dökument", "doc\"quoted" })
	void documentWithCharactersOutsideTheAllowedSetIsRejected(String document) {
		assertRejected(parameters("document", document), "document", "128");
	}

	@Test
	void documentNameLongerThan128CharactersIsRejected() {
		assertRejected(parameters("document", "D".repeat(129)), "document", "128");
	}

	@Test
	void afterAndBeforeTakeAnIsoInstant() {
		InvocationQuery query = query(parameters("after", "2026-11-20T06:30:00Z", "before", "2026-11-20T18:45:10.5Z"));
		assertThat(query.after()).isEqualTo(Instant.parse("2026-11-20T06:30:00Z"));
		assertThat(query.before()).isEqualTo(Instant.parse("2026-11-20T18:45:10.500Z"));
	}

	@Test
	void aDateMeansItsStartInUtc() {
		InvocationQuery query = query(parameters("after", "2026-11-20", "before", "2026-11-21"));
		assertThat(query.after()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
		assertThat(query.before()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
	}

	@Test
	void anInstantMayCarryAnOffsetInsteadOfZ() {
		InvocationQuery query = query(
				parameters("after", "2026-11-20T07:30:00+01:00", "before", "2026-11-20T10:00-05:30"));
		assertThat(query.after()).isEqualTo(Instant.parse("2026-11-20T06:30:00Z"));
		assertThat(query.before()).isEqualTo(Instant.parse("2026-11-20T15:30:00Z"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2026-12-06T10:00            | 2026-12-06T10:00:00Z
			2026-12-06T10:00:30         | 2026-12-06T10:00:30Z
			2026-12-06T10:00:30.25      | 2026-12-06T10:00:30.250Z
			2026-12-06 10:00            | 2026-12-06T10:00:00Z
			2026-12-06 10:00:30         | 2026-12-06T10:00:30Z
			2026-12-06T10:00Z           | 2026-12-06T10:00:00Z
			""")
	void aDateAndTimeWithoutAZoneMeansThatTimeInUtc(String given, String meant) {
		assertThat(query(parameters("after", given)).after()).isEqualTo(Instant.parse(meant));
		assertThat(query(parameters("before", given)).before()).isEqualTo(Instant.parse(meant));
	}

	@Test
	void theCanonicalLinkWritesALocalDateTimeAsTheUtcInstantItMeans() {
		assertThat(filter(parameters("after", "2026-12-06 10:00")).link("/invocations"))
			.hasToString("/invocations?after=2026-12-06T10:00:00Z");
	}

	@ParameterizedTest
	@ValueSource(strings = { "yesterday", "2026-13-01", "2026-02-30", "2026-11-20T25:00:00Z", "2026-11-20T24:00",
			"20261120", "1795000000", "20-11-2026", "2026/11/20 10:00", "2026-11-20T10", "2026-11-20T10:00:30.",
			"2026-11-20T10:00:00.1234567890Z", "2026-11-20T1:00", "2026-11-20 10:00 UTC", "2026-11-20  10:00",
			"2026-11-20t10:00z", "2026-11-20Z", "2026-11-20T10:00+0100", "2026-11-20T10:00:00+19:00",
			"2026-11-20T10:00:00 01:00", "2026-11-20T10:00:00[Europe/Paris]", "0000-01-01T00:00+01:00",
			"9999-12-31T23:59-01:00", "٢٠٢٦-11-20" })
	void afterThatIsNoneOfTheAcceptedFormsIsRejected(String after) {
		assertRejected(parameters("after", after), "after", "2026-11-20T00:00:00Z");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tomorrow", "2026-11-31", "2026-11-20T10:00 Z" })
	void beforeThatIsNoneOfTheAcceptedFormsIsRejected(String before) {
		assertRejected(parameters("before", before), "before", "2026-11-20T00:00:00Z");
	}

	@Test
	void theRefusalListsEveryAcceptedForm() {
		InvalidQueryException refused = catchThrowableOfType(InvalidQueryException.class,
				() -> query(parameters("after", "2026-11-20T10")));
		assertThat(refused.getMessage()).startsWith("after: ")
			.contains("2026-11-20T00:00:00Z", "+01:00", "2026-11-20T10:00 meaning UTC",
					"2026-11-20 meaning its start in UTC");
	}

	@Test
	void afterLaterThanBeforeIsRejected() {
		assertRejected(parameters("after", "2026-11-21", "before", "2026-11-20"), "after", "later than before");
	}

	@Test
	void afterEqualToBeforeIsAccepted() {
		InvocationQuery query = query(parameters("after", "2026-11-20T00:00:00Z", "before", "2026-11-20"));
		assertThat(query.after()).isEqualTo(query.before());
	}

	@Test
	void detailsIsTrueOrFalseInAnyCase() {
		assertThat(query(parameters("details", "false")).details()).isFalse();
		assertThat(query(parameters("details", "FALSE")).details()).isFalse();
		assertThat(query(parameters("details", "true")).details()).isTrue();
		assertThat(query(parameters("details", "True")).details()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "yes", "no", "1", "0", "on", "truee" })
	void detailsOtherThanTrueOrFalseIsRejected(String details) {
		assertRejected(parameters("details", details), "details", "true or false");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 10, 49, 50 })
	void pageSizeFromOneToFiftyIsAccepted(int pageSize) {
		assertThat(query(parameters("pageSize", Integer.toString(pageSize))).pageSize()).isEqualTo(pageSize);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "51", "-1", "abc", "1e3", "2.5", "+5", "1000", "99999999999", "0x10" })
	void pageSizeOutsideOneToFiftyIsRejected(String pageSize) {
		assertRejected(parameters("pageSize", pageSize), "pageSize", "1 to 50");
	}

	@Test
	void pageSizeOutsideOneToFiftyIsRejectedWhenBuiltDirectly() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> new InvocationQuery(null, null, null, null, null, null, true, 51))
			.extracting(InvalidQueryException::getParameter)
			.isEqualTo("pageSize");
	}

	@ParameterizedTest
	@ValueSource(strings = { "executionStage", "ExecutionStage", "EXECUTIONSTAGE", "executionstage" })
	void executionStageInAnyCaseIsRejectedAsOnlyFilteringCommands(String name) {
		InvalidQueryException ex = rejected(parameters(name, "Complete"));
		assertThat(ex.getParameter()).isEqualTo(name);
		assertThat(ex.getMessage()).contains("only filters commands").contains("status");
	}

	@Test
	void aBlankExecutionStageCountsAsAbsentLikeEveryOtherBlankValue() {
		assertThat(query(parameters("executionStage", ""))).isEqualTo(InvocationQuery.ALL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Pending", "pending", "PENDING" })
	void statusPendingWithNodeIdIsRejected(String pending) {
		assertRejected(parameters("instanceId", INSTANCE_ID, "status", pending), "status", "instanceId");
	}

	@Test
	void statusPendingWithNodeIdIsRejectedWhenBuiltDirectly() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> new InvocationQuery(null, INSTANCE_ID, "Pending", null, null, null, true, 50));
	}

	@Test
	void otherStatusWithNodeIdIsAccepted() {
		InvocationQuery query = query(parameters("instanceId", INSTANCE_ID, "status", "InProgress"));
		assertThat(query.instanceId()).isEqualTo(INSTANCE_ID);
		assertThat(query.status()).isEqualTo("InProgress");
	}

	@Test
	void statusPendingWithoutNodeIdIsAccepted() {
		assertThat(query(parameters("status", "Pending")).status()).isEqualTo("Pending");
	}

	@ParameterizedTest
	@ValueSource(strings = { "commandId", "instanceId", "document", "after", "before", "details", "pageSize" })
	void aRepeatedParameterOtherThanStatusIsRejected(String name) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.addAll(name, List.of(validValue(name), validValue(name)));
		assertRejected(parameters, name, "at most once");
	}

	@Test
	void aRepeatedParameterWhoseOtherValuesAreBlankCountsOnce() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.addAll("status", List.of("", "Failed", " "));
		assertThat(query(parameters).status()).isEqualTo("Failed");
	}

	@Test
	void linkOfTheDefaultFilterIsThePathAlone() {
		assertThat(filter(parameters()).link("/invocations")).hasToString("/invocations");
		assertThat(filter(parameters("details", "true", "pageSize", "50")).link("/invocations"))
			.hasToString("/invocations");
	}

	@Test
	void linkIsCanonicalNormalisedAndInAStableOrder() {
		InvocationFilter filter = filter(parameters("pageSize", "10", "details", "FALSE", "before", "2026-11-21",
				"after", "2026-11-20T06:00:00Z", "document", "AWS-RunShellScript", "status", "failed", "instanceId",
				INSTANCE_ID, "commandId", COMMAND_ID, "utm_source", "chat"));
		assertThat(filter.link("/invocations")).hasToString("/invocations?commandId=" + COMMAND_ID + "&instanceId="
				+ INSTANCE_ID + "&status=Failed&document=AWS-RunShellScript&after=2026-11-20T06:00:00Z"
				+ "&before=2026-11-21T00:00:00Z&details=false&pageSize=10");
	}

	@Test
	void linkRoundTripsThroughTheQueryStringDecodingOfAServletContainer() {
		InvocationFilter filter = filter(parameters("document",
				"arn:aws:ssm:eu-west-1:123456789012:document/Patch-Fleet", "after", "2026-11-20", "status", "Failed"));
		String nextToken = "AAEAAbX+/9kz=&status=Success#x%41?y{z}|" + "q".repeat(40) + "==";
		String uri = filter.link("/invocations/rows").with("nextToken", nextToken).toString();
		MultiValueMap<String, String> decoded = decodeQueryString(uri);
		assertThat(filter(decoded)).isEqualTo(filter);
		assertThat(nextToken(decoded)).isEqualTo(nextToken);
	}

	@Test
	void linkEncodesCharactersThatWouldChangeTheMeaningOfTheQuery() {
		String uri = filter(parameters()).link("/invocations/rows").with("nextToken", "a+b&c=d#e%f g").toString();
		assertThat(uri.substring(uri.indexOf("nextToken=") + "nextToken=".length())).doesNotContain("+", "&", "=", "#",
				" ");
	}

	@Test
	void nextTokenIsOptional() {
		assertThat(nextToken(parameters())).isNull();
		assertThat(nextToken(parameters("nextToken", ""))).isNull();
	}

	@Test
	void nextTokenOfPrintableAsciiUpTo4096CharactersIsAccepted() {
		String token = "AAEAAbX+/9kz=" + "x".repeat(4096 - 13);
		assertThat(token).hasSize(4096);
		assertThat(nextToken(parameters("nextToken", token))).isEqualTo(token);
		assertThat(nextToken(parameters("nextToken", "!~{}[]<>\"'`\\^|"))).isNotNull();
	}

	@Test
	void nextTokenLongerThan4096CharactersIsRejected() {
		assertRejectedToken(parameters("nextToken", "x".repeat(4097)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc def", "abc\u0000def", "abc\ndef", "abc\u007Fdef", "abcé", "abc\u2028def" })
	void nextTokenWithCharactersOutsidePrintableAsciiIsRejected(String token) {
		assertRejectedToken(parameters("nextToken", token));
	}

	@Test
	void aRepeatedNextTokenIsRejected() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.addAll("nextToken", List.of("abc", "def"));
		assertRejectedToken(parameters);
	}

	/** The query SSM is asked for when the filter names one status at most. */
	private static InvocationQuery query(MultiValueMap<String, String> parameters) {
		InvocationFilter filter = filter(parameters);
		return filter.streamQuery(filter.streamStatuses().get(0));
	}

	private static InvocationFilter filter(MultiValueMap<String, String> parameters) {
		return InvocationFilter.from(parameters, TWO_REGIONS, MAX_STREAMS);
	}

	private static String nextToken(MultiValueMap<String, String> parameters) {
		return PageToken.of(QueryParameters.single(parameters, "nextToken")).value();
	}

	private static void assertRejectedToken(MultiValueMap<String, String> parameters) {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> nextToken(parameters))
			.satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("nextToken"))
			.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("nextToken"));
	}

	private static String validValue(String name) {
		return switch (name) {
			case "commandId" -> COMMAND_ID;
			case "instanceId" -> INSTANCE_ID;
			case "status" -> "Failed";
			case "document" -> "AWS-RunShellScript";
			case "after", "before" -> "2026-11-20";
			case "details" -> "false";
			case "pageSize" -> "10";
			default -> throw new IllegalArgumentException(name);
		};
	}

	private static void assertRejected(MultiValueMap<String, String> parameters, String parameter, String explanation) {
		InvalidQueryException ex = rejected(parameters);
		assertThat(ex.getParameter()).isEqualTo(parameter);
		assertThat(ex.getMessage()).startsWith(parameter + ":").contains(explanation);
	}

	private static InvalidQueryException rejected(MultiValueMap<String, String> parameters) {
		InvalidQueryException ex = catchThrowableOfType(InvalidQueryException.class, () -> query(parameters));
		assertThat(ex).as("refused: %s", parameters).isNotNull();
		return ex;
	}

	private static MultiValueMap<String, String> parameters(String... namesAndValues) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			parameters.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return parameters;
	}

	/**
	 * Decodes a query string the way Tomcat does for request parameters: '+' is a space.
	 */
	private static MultiValueMap<String, String> decodeQueryString(String uri) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
			int equals = pair.indexOf('=');
			parameters.add(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return parameters;
	}

	@Test
	void problemsAsksForFailedTimedOutAndCancelledOnce() {
		assertThat(search("status", "problems").streamStatuses()).containsExactly("Cancelled", "Failed", "TimedOut");
	}

	@Test
	void aFinerStatusIsDroppedWhenTheStatusIncludingItIsAskedFor() {
		assertThat(
				search("status", "problems", "status", "AccessDenied", "status", "ExecutionTimedOut").streamStatuses())
			.containsExactly("Cancelled", "Failed", "TimedOut");
		assertThat(search("status", "DeliveryTimedOut", "status", "Failed").streamStatuses()).containsExactly("Failed",
				"DeliveryTimedOut");
	}

	@Test
	void noStatusIsOneStreamOfEveryStatus() {
		assertThat(search().streamStatuses()).containsExactly((String) null);
	}

	@Test
	void repeatedStatusesKeepTheirOrderInTheLinkAndDuplicatesAreDropped() {
		InvocationFilter search = search("document", "AWS-RunShellScript", "status", "TimedOut", "status", "failed",
				"status", "TimedOut", "commandId", "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10");

		assertThat(search.link("/invocations"))
			.hasToString("/invocations?commandId=0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10"
					+ "&status=TimedOut&status=Failed&document=AWS-RunShellScript");
	}

	@Test
	void aSingleStatusLinkIsWhatItAlwaysWas() {
		assertThat(search("status", "Failed", "after", "2026-11-20").link("/invocations"))
			.hasToString("/invocations?status=Failed&after=2026-11-20T00:00:00Z");
	}

	@Test
	void regionIsOneOfTheConfiguredOrAll() {
		assertThat(search("region", "US-EAST-1").region()).isEqualTo("us-east-1");
		assertThat(search("region", "all").region()).isEqualTo(Sources.ALL);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> search("region", "eu-west-2"))
			.withMessageContaining("eu-west-1, us-east-1, or all");
	}

	@Test
	void accountIsRefusedWhenNoneIsConfigured() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> search("account", "prod"))
			.satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("account"));
	}

	@Test
	void moreStreamsThanOnePageMayCostAreRefusedNamingTheLimitAndTheWayOut() {
		assertThat(search("status", "problems", "status", "Success", "status", "InProgress").streamStatuses())
			.as("five statuses in two regions: ten streams")
			.hasSize(5);
		assertThat(search("status", "Failed", "status", "Success", "status", "Pending", "status", "Delayed", "status",
				"InProgress", "status", "Cancelled", "region", "eu-west-1")
			.streamStatuses()).as("six statuses in one region").hasSize(6);

		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> search("status", "Failed", "status", "Success", "status", "Pending", "status", "Delayed",
					"status", "InProgress", "status", "Cancelled", "status", "TimedOut"))
			.satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("status"))
			.withMessageContaining("14 streams")
			.withMessageContaining("(7 × 2)")
			.withMessageContaining("at most 12")
			.withMessageContaining("runboard.invocations.max-streams")
			.withMessageContaining("name a region or account");
	}

	@Test
	void moreAccountsAndRegionsThanAViewMayReadRefuseToStartSayingWhatToRaise() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new InvocationsConfiguration().invocationFilterBinder(TWO_REGIONS,
					new InvocationsProperties(1, DataSize.ofMegabytes(16))))
			.withMessageContaining("runboard.invocations.max-streams")
			.withMessageContaining("RUNBOARD_INVOCATIONS_MAX_STREAMS")
			.withMessageContaining("at least 2");
	}

	@Test
	void pendingWithANodeIsRefusedAmongOtherStatusesToo() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> search("instanceId", "i-0123456789abcdef0", "status", "Failed", "status", "Pending"))
			.withMessageContaining("Pending cannot be combined with instanceId");
	}

	static InvocationFilter search(String... namesAndValues) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			parameters.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return InvocationFilter.from(parameters, TWO_REGIONS, MAX_STREAMS);
	}

}
