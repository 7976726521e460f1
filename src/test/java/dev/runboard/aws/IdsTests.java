package dev.runboard.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTests {

	@ParameterizedTest
	@ValueSource(strings = { "0b9a4d7e-2c55-4a3e-9d61-000000000007", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
			"------------------------------------" })
	void commandIdsOfSsmsShape(String id) {
		assertThat(Ids.commandId(id)).isTrue();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "..", "0b9a4d7e-2c55-4a3e-9d61-00000000000", "0b9a4d7e-2c55-4a3e-9d61-0000000000077",
			"0b9a4d7e-2c55-4a3e-9d61-00000000000/", "0b9a4d7e-2c55-4a3e-9d61_000000000007",
			"0b9a4d7e-2c55-4a3e-9d61-00000000000é", "0b9a4d7e-2c55-4a3e-9d61-00000000000٣",
			"0b9a4d7e-2c55-4a3e-9d61-00000000000 ", "0b9a4d7e-2c55-4a3e-9d61-00000000000\n" })
	void otherCommandIds(String id) {
		assertThat(Ids.commandId(id)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "i-0123abcd", "i-0123456789abcdef0", "i-ABCDEF_123456789X", "mi-0123456789abcdef0" })
	void nodeIdsOfEc2AndManagedNodes(String id) {
		assertThat(Ids.instanceId(id)).isTrue();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "..", "invocations.json", "i-", "i-0123abc", "i-0123abcde", "i-0123456789abcdef",
			"mi-0123abcd", "mi-0123456789abcdef", "mi-0123456789abcdef01", "i-0123abc-", "i-0123abcé", "x-0123abcd",
			"I-0123abcd", "i-0123456789abcdef0/..", "mi-0123456789abcde.0" })
	void otherNodeIds(String id) {
		assertThat(Ids.instanceId(id)).isFalse();
	}

}
