package dev.runboard.invocations.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An export over real HTTP: rows reach the client while SSM is still being read, so the
 * server holds one page at a time, never the whole result.
 */
@RunboardTest
class InvocationsExportStreamingTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(2_000,
			Instant.parse("2026-11-20T12:00:00Z"));

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@LocalServerPort
	int port;

	@Test
	void rowsArriveWhileLaterPagesAreStillToBeRead() throws IOException {
		SignedInClient client = SignedInClient.signIn(URI.create("http://localhost:" + this.port), "ops", "ops-secret");
		ssm.reset();
		// Each page takes a while, as a distant region would: 40 pages, two seconds in
		// all.
		ssm.latency(Duration.ofMillis(50));

		HttpResponse<InputStream> response = client.stream("/invocations.csv?details=false");
		assertThat(response.statusCode()).isEqualTo(200);
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			for (int line = 0; line <= 50; line++) {
				assertThat(reader.readLine()).isNotNull();
			}
			int callsWhenTheFirstPageArrived = ssm.calls("ListCommandInvocations").size();

			long rest = reader.lines().count();

			assertThat(callsWhenTheFirstPageArrived).as("pages read from SSM when the first 50 rows arrived")
				.isLessThan(10);
			assertThat(51 + rest).isEqualTo(1 + 2_000);
			assertThat(ssm.calls("ListCommandInvocations")).hasSize(40);
		}
	}

}
