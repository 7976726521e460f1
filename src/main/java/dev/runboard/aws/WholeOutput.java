package dev.runboard.aws;

/**
 * A plugin's output as {@code GetCommandInvocation} returns it: stdout and stderr apart,
 * each cut by SSM at {@link PluginOutput#FULL_STDOUT_LIMIT} and
 * {@link PluginOutput#FULL_STDERR_LIMIT} characters without saying so.
 *
 * @param stdout standard output as SSM returned it, never {@code null}
 * @param stderr standard error as SSM returned it, never {@code null}
 */
public record WholeOutput(String stdout, String stderr) {

	public WholeOutput {
		stdout = (stdout != null) ? stdout : "";
		stderr = (stderr != null) ? stderr : "";
	}

	/** As pages show it: the streams cleaned, truncation told. */
	public PluginOutput output() {
		return PluginOutput.full(this.stdout, this.stderr);
	}

	/** Whether SSM cut either stream at its limit. */
	public boolean truncated() {
		return output().truncated();
	}

}
