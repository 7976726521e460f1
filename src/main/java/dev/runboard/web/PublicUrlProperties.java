package dev.runboard.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where users reach Runboard, for links that leave the browser: a summary copied into
 * chat (and the links of notifications).
 *
 * @param publicUrl the absolute URL users reach Runboard at, such as
 * {@code https://tools.example.com/runboard}, context path included; when absent, links
 * are made from the address of the request that asked for them
 */
@Validated
@ConfigurationProperties("runboard")
public record PublicUrlProperties(URI publicUrl) {

	public PublicUrlProperties {
		if (publicUrl != null) {
			String scheme = publicUrl.getScheme();
			if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || publicUrl.getHost() == null
					|| publicUrl.getRawUserInfo() != null || publicUrl.getRawQuery() != null
					|| publicUrl.getRawFragment() != null) {
				throw new IllegalArgumentException("runboard.public-url must be an absolute http or https URL "
						+ "without user, query or fragment, such as https://tools.example.com/runboard, not "
						+ publicUrl);
			}
			String url = publicUrl.toString();
			publicUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
		}
	}

}
