package dev.runboard.testing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

/**
 * A local STS endpoint speaking the query protocol: {@code POST /} with a form body
 * ({@code Action=AssumeRole&RoleArn=…&ExternalId=…}), answered with XML credentials of
 * its own making, as the SDK's assume-role provider expects them. A role whose name is
 * {@code denied} is refused, as a trust policy that does not name the caller would.
 * WireMock serves it; its journal records the requests.
 * <p>
 * An extension as {@link FakeSsmServer} is, with the same lifecycle: registered as a
 * static {@code @RegisterExtension} field it forgets its requests before each test;
 * {@link #local()} is the JVM's endpoint, which {@code @RunboardTest} contexts assume
 * roles through, and one made with {@code new} stops after the class's last test.
 */
public final class FakeStsServer extends LocalEndpoint {

	/** How long the credentials of the JVM's endpoint are valid. */
	public static final Duration LOCAL_LIFETIME = Duration.ofHours(1);

	private static volatile FakeStsServer shared;

	private static final String ASSUME_ROLE = "sts-assume-role";

	/**
	 * The access key ID of the credentials this endpoint hands out for a role: one of its
	 * own per account, so a test can tell which role signed a request.
	 */
	public static String accessKeyId(String roleArn) {
		String account = roleArn.replaceAll("arn:aws[a-z-]*:iam::(\\d{12}):role/.*", "$1");
		return "ASIA" + account + "FAKE";
	}

	private final WireMockServer server;

	/**
	 * An endpoint of the caller's own.
	 * @param lifetime how long the credentials it hands out are valid
	 */
	public FakeStsServer(Duration lifetime) {
		this(lifetime, false);
	}

	private FakeStsServer(Duration lifetime, boolean local) {
		super(local);
		this.server = LocalWireMock.start(new AssumeRole(lifetime));
		this.server.stubFor(post(anyUrl()).atPriority(1)
			.withFormParam("Action", equalTo("AssumeRole"))
			.withFormParam("RoleArn", matching(".*/denied"))
			.willReturn(xml(403,
					"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
							+ "<Message>not authorized to perform: sts:AssumeRole</Message></Error>"
							+ "<RequestId>1</RequestId></ErrorResponse>")));
		this.server.stubFor(post(anyUrl()).atPriority(2)
			.withFormParam("Action", equalTo("AssumeRole"))
			.willReturn(aResponse().withTransformers(ASSUME_ROLE)));
		this.server.stubFor(any(anyUrl()).atPriority(3)
			.willReturn(xml(400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
					+ "<Message>only AssumeRole</Message></Error><RequestId>1</RequestId></ErrorResponse>")));
	}

	/** The JVM's endpoint, handing out credentials valid for {@link #LOCAL_LIFETIME}. */
	public static synchronized FakeStsServer local() {
		if (shared == null) {
			shared = new FakeStsServer(LOCAL_LIFETIME, true);
		}
		return shared;
	}

	public URI endpoint() {
		return LocalWireMock.endpoint(this.server);
	}

	/** The form parameters of each request, in order. */
	public List<Map<String, String>> calls() {
		return LocalWireMock.served(this.server).stream().map((event) -> form(event.getRequest())).toList();
	}

	@Override
	public void reset() {
		this.server.resetRequests();
	}

	@Override
	void stop() {
		this.server.stop();
	}

	private static Map<String, String> form(Request request) {
		Map<String, String> form = new LinkedHashMap<>();
		request.formParameters().forEach((name, parameter) -> form.put(name, parameter.firstValue()));
		return form;
	}

	private static ResponseDefinitionBuilder xml(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
	}

	/** Credentials for the role the request names, valid for the lifetime from now. */
	private static final class AssumeRole implements ResponseDefinitionTransformerV2 {

		private final Duration lifetime;

		AssumeRole(Duration lifetime) {
			this.lifetime = lifetime;
		}

		@Override
		public String getName() {
			return ASSUME_ROLE;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			Map<String, String> form = form(event.getRequest());
			Instant expiration = Instant.now().plus(this.lifetime).truncatedTo(ChronoUnit.SECONDS);
			return xml(200, """
					<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
					  <AssumeRoleResult>
					    <Credentials>
					      <AccessKeyId>%s</AccessKeyId>
					      <SecretAccessKey>fakeSecretAccessKey</SecretAccessKey>
					      <SessionToken>fakeSessionToken</SessionToken>
					      <Expiration>%s</Expiration>
					    </Credentials>
					    <AssumedRoleUser>
					      <AssumedRoleId>AROAFAKE:%s</AssumedRoleId>
					      <Arn>%s</Arn>
					    </AssumedRoleUser>
					  </AssumeRoleResult>
					  <ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>
					</AssumeRoleResponse>
					""".formatted(accessKeyId(form.get("RoleArn")), expiration, form.get("RoleSessionName"),
					form.get("RoleArn")))
				.build();
		}

	}

}
