package dev.runboard.aws;

/**
 * A link to where the full output lives.
 *
 * @param kind {@code s3-stdout}, {@code s3-stderr}, {@code cloudwatch} or
 * {@code cloudwatch-stderr}: the page's {@code data-link} hook
 * @param label what the link says
 * @param url an {@code https:} URL, never anything else
 */
public record OutputLink(String kind, String label, String url) {

}
