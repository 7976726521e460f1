package dev.runboard.testing;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A strict RFC 4180 reader for the exports: every field quoted, quotes doubled, CRLF
 * between records, and a line starting with {@code #} a note of its own.
 */
public final class Csv {

	private Csv() {
	}

	public static List<List<String>> parse(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '#' && record.isEmpty() && field.isEmpty()) {
				int end = text.indexOf("\r\n", i);
				records.add(List.of(text.substring(i, end)));
				i = end + 2;
				continue;
			}
			assertThat(c).as("a quoted field at %d", i).isEqualTo('"');
			i++;
			while (true) {
				char d = text.charAt(i);
				if (d == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i += 2;
				}
				else if (d == '"') {
					i++;
					break;
				}
				else {
					field.append(d);
					i++;
				}
			}
			record.add(field.toString());
			field.setLength(0);
			if (text.startsWith("\r\n", i)) {
				records.add(record);
				record = new ArrayList<>();
				i += 2;
			}
			else {
				assertThat(text.charAt(i)).as("a separator at %d", i).isEqualTo(',');
				i++;
			}
		}
		return records;
	}

}
