package dev.runboard.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.Options.ChunkedEncodingPolicy;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock as the tests' local AWS endpoints run it: on a free port of the loopback
 * interface, quiet unless something goes wrong, answering with a fixed
 * {@code Content-Length} and never compressing, as the AWS services answer the SDK.
 */
public final class LocalWireMock {

	private LocalWireMock() {
	}

	/** A started server with these extensions, which the caller stops. */
	public static WireMockServer start(Extension... extensions) {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.notifier(new ConsoleNotifier(false))
			.useChunkedTransferEncoding(ChunkedEncodingPolicy.NEVER)
			.gzipDisabled(true)
			.extensions(extensions));
		server.start();
		return server;
	}

	public static URI endpoint(WireMockServer server) {
		return URI.create("http://127.0.0.1:" + server.port());
	}

	/**
	 * The requests the server answered, oldest first, each with its answer. WireMock
	 * journals a request before it sends the answer, so a client that has its answer
	 * finds its request here.
	 */
	public static List<ServeEvent> served(WireMockServer server) {
		// The journal lists the newest first.
		List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
		Collections.reverse(events);
		return events;
	}

	/**
	 * {@code stub} as one turn of a scenario: it answers once, after the scenario's stubs
	 * of the turns before it (counted from 0) have answered once each. Such stubs, at a
	 * priority above the stub that usually answers, make the next few answers different.
	 */
	static MappingBuilder turn(MappingBuilder stub, String scenario, int turn) {
		return stub.inScenario(scenario)
			.whenScenarioStateIs((turn == 0) ? Scenario.STARTED : turn + " answered")
			.willSetStateTo((turn + 1) + " answered");
	}

}
