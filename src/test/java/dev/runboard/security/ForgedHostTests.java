package dev.runboard.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request naming another host ({@code Host: evil.example}, as a client behind a
 * careless proxy or a poisoned cache can send it) never gets a redirect to that host:
 * every redirect Runboard writes is relative, to the login page, after signing in, after
 * signing out, and after an action. Over real HTTP, as a servlet container may make a
 * redirect absolute from the request's host.
 */
@RunboardTest
class ForgedHostTests {

	static final String EVIL = "evil.example";

	static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

	static final String COMMAND = "6a7b8c9d-0000-4000-8000-000000000001";

	static final List<CommandInvocation> INVOCATIONS = List.of(TestInvocations.invocation(COMMAND,
			"i-00000000000000001", "AWS-RunShellScript", NOW.minusSeconds(600), "Failed", "output"));

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return INVOCATIONS;
		}

		@Override
		public Command send(SendCommandRequest request, Instant now) {
			return Command.builder()
				.commandId(new UUID(0xb0b, 1).toString())
				.documentName(request.documentName())
				.status("Pending")
				.build();
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient(DATA, Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1));

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Test
	void noRedirectCarriesTheHostTheRequestNamed() throws IOException {
		Map<String, String> cookies = new LinkedHashMap<>();

		Answer page = send("GET", "/invocations?status=Failed", cookies, null);
		assertThat(page.status).isEqualTo(302);
		assertThat(page.location()).startsWith("/login?to=").doesNotContain(EVIL);

		Answer login = send("GET", "/login", cookies, null);
		assertThat(login.status).isEqualTo(200);
		Answer signedIn = send("POST", "/login", cookies, "username=" + LocalUsers.OPERATOR + "&password="
				+ encode(LocalUsers.password(LocalUsers.OPERATOR)) + "&to=%2Fcommands&_csrf=" + csrf(login));
		assertThat(signedIn.status).isEqualTo(302);
		assertThat(signedIn.location()).isEqualTo("/commands");

		Answer anyPage = send("GET", "/commands/" + COMMAND, cookies, null);
		assertThat(anyPage.status).isEqualTo(200);
		Answer rerun = send("POST", "/commands/" + COMMAND + "/rerun", cookies, "scope=all&_csrf=" + csrf(anyPage));
		assertThat(rerun.status).isEqualTo(303);
		assertThat(rerun.location()).isEqualTo("/commands/" + new UUID(0xb0b, 1));

		Answer logout = send("POST", "/logout", cookies, "_csrf=" + csrf(anyPage));
		assertThat(logout.status).isEqualTo(302);
		assertThat(logout.location()).isEqualTo("/login?logout");
	}

	private static String csrf(Answer answer) {
		Matcher csrf = CSRF.matcher(answer.body);
		assertThat(csrf.find()).as("a form with its CSRF token").isTrue();
		return encode(csrf.group(1).replace("&#45;", "-").replace("&amp;", "&"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** One request over a socket of its own, naming the forged host; cookies kept. */
	private Answer send(String method, String path, Map<String, String> cookies, String form) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
			request.append("Host: ").append(EVIL).append("\r\n").append("Connection: close\r\n");
			if (!cookies.isEmpty()) {
				List<String> pairs = new ArrayList<>();
				cookies.forEach((name, value) -> pairs.add(name + "=" + value));
				request.append("Cookie: ").append(String.join("; ", pairs)).append("\r\n");
			}
			byte[] body = (form != null) ? form.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (form != null) {
				request.append("Content-Type: application/x-www-form-urlencoded\r\n")
					.append("Content-Length: ")
					.append(body.length)
					.append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return Answer.read(socket.getInputStream(), cookies);
		}
	}

	/** What came back: the status, the headers by lower-case name, the body. */
	record Answer(int status, Map<String, String> headers, String body) {

		String location() {
			return this.headers.getOrDefault("location", "");
		}

		static Answer read(InputStream in, Map<String, String> cookies) throws IOException {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				String name = lines[i].substring(0, colon).trim().toLowerCase();
				String value = lines[i].substring(colon + 1).trim();
				if (name.equals("set-cookie")) {
					String pair = value.split(";")[0];
					int equals = pair.indexOf('=');
					if (equals == pair.length() - 1) {
						cookies.remove(pair.substring(0, equals));
					}
					else {
						cookies.put(pair.substring(0, equals), pair.substring(equals + 1));
					}
				}
				headers.put(name, value);
			}
			return new Answer(status, headers, text.substring(end + 4));
		}

	}

}
