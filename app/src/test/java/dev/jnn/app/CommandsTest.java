package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.jnn.app.cli.Cli;
import dev.jnn.app.wiring.BackendModule;
import dev.jnn.app.wiring.OptimizerArgs;
import dev.jnn.app.wiring.Wiring;
import dev.jnn.core.BackendNotAvailableException;
import dev.jnn.core.Backends;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandsTest {
    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "summary", "backends", "fetch-data"})
    void everyCommandHasHelp(String command) {
        CliRun r = CliRun.of(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: jnn " + command).contains("--help");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun r = CliRun.of("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("train", "evaluate", "predict", "summary", "backends", "fetch-data");
    }

    @Test
    void trainHelpShowsEveryFlagAndTheRecipes() {
        String help = CliRun.of("train", "--help").out();
        assertThat(help).contains("--model", "--backend", "--epochs", "--batch-size", "--optimizer", "--lr", "--momentum",
                "--weight-decay", "--scheduler", "--step-size", "--gamma", "--seed", "--data-dir", "--out", "--val-split",
                "--threads", "--augment", "--weights", "--max-steps", "--no-shuffle", "--log-every", "--verbose");
        assertThat(help).contains("bn-mlp  SGD lr 0.01 momentum 0.5, batch 64, 20 epochs, StepLR(5, 0.1)");
        assertThat(help).contains("speedrun  Adam, OneCycleLR peaking at lr 0.01, batch 128, 1 epoch");
        assertThat(help).contains("--init=NAME[:X]", "--dropout=P", "--betas=B1,B2", "--etas=A,B", "--step-sizes=MIN,MAX");
        for (String flag : OptimizerArgs.FLAGS.keySet()) assertThat(help).contains(flag);
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings() {
        // picocli formats description lines with String.format and, when one fails (a bare '%'), prints a
        // warning straight to System.err and shows the raw line.
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : List.of("train", "evaluate", "predict", "summary", "backends", "fetch-data")) {
                assertThat(CliRun.of(command, "--help").code()).isZero();
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(CliRun.of("train", "--help").out()).contains("jnn's speedrun CNN (99% in one epoch):");
    }

    @Test
    void trainHelpListsEachFlagOnceUnderItsHeading() {
        String help = CliRun.of("train", "--help").out();
        List<String> headings = List.of("Model and data:", "Optimizer (PyTorch's arguments; a flag the optimizer does not take is refused):",
                "Schedule:", "Output:", "Backend:");
        int at = -1;
        for (String h : headings) {
            int i = help.indexOf("\n" + h + "\n");
            assertThat(i).as("heading %s after the previous one", h).isGreaterThan(at);
            at = i;
        }
        assertThat(help).doesNotContain("Other options:");
        assertThat(help.indexOf("--nesterov")).isGreaterThan(help.indexOf("Optimizer (")).isLessThan(help.indexOf("Schedule:"));
        assertThat(help.indexOf("--init=")).isGreaterThan(help.indexOf("Model and data:")).isLessThan(help.indexOf("Optimizer ("));
        CommandLine train = Cli.create(new Io(System.out, System.err)).getSubcommands().get("train");
        for (CommandLine.Model.OptionSpec o : train.getCommandSpec().options()) {
            String name = o.longestName();
            assertThat(help.split("(?m)^ +(-[a-zA-Z], )?" + java.util.regex.Pattern.quote(name) + "[= \n]", -1))
                    .as("%s listed once", name).hasSize(2);
        }
    }

    @Test
    void everyOptimizerFlagNamesTheOptimizersThatTakeIt() {
        CommandLine train = Cli.create(new Io(System.out, System.err)).getSubcommands().get("train");
        OptimizerArgs.FLAGS.forEach((flag, key) -> {
            if (flag.equals("--lr")) return;   // every optimizer takes it
            String description = String.join(" ", train.getCommandSpec().findOption(flag).description());
            String inParentheses = description.substring(description.indexOf('('));
            List<String> takers = OptimizerArgs.takers(key);
            if (takers.size() == OptimizerArgs.NAMES.size() - 1) {
                String left = OptimizerArgs.NAMES.stream().filter(n -> !takers.contains(n)).findFirst().orElseThrow();
                assertThat(inParentheses).as(flag).contains("every optimizer but " + left);
            } else {
                for (String t : takers) assertThat(inParentheses).as(flag).containsPattern("\\b" + t + "\\b");
                for (String n : OptimizerArgs.NAMES) {
                    if (!takers.contains(n)) assertThat(inParentheses).as(flag).doesNotContainPattern("(?<![\\w-])" + n + "(?![\\w-])");
                }
            }
        });
    }

    @Test
    void summaryShowsTheDropoutATrainingRunAdds() {
        CliRun r = CliRun.of("summary", "--model", "mlp", "--dropout", "0.25");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(dropout): Dropout(p=0.25, inplace=False)").contains("Total params: 575,050");
    }

    @Test
    void backendsListsTheVectorBackendWithItsOrigin() {
        CliRun r = CliRun.of("backends");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("(?m)^vector +available$").contains("from dev.jnn.backend.vector");
    }

    @Test
    void summaryPrintsLayersShapesAndParameterCounts() {
        CliRun r = CliRun.of("summary", "--model", "lenet");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("LeNet(").contains("(fc3): Linear(in_features=84, out_features=10, bias=True)")
                .contains("[1, 16, 5, 5]").contains("61,706");
        assertThat(CliRun.of("summary", "--model", "cnn").out()).contains("28,938");
    }

    /** A provider that is never available, to check that the registry's reasons reach the user. */
    static final class NoGpu implements BackendProvider {
        @Override
        public String name() {
            return "cuda";
        }

        @Override
        public Availability probe() {
            return Availability.unavailable("no CUDA device (cudaGetDeviceCount returned 0)");
        }

        @Override
        public Backend create(BackendConfig config) {
            throw new IllegalStateException("unavailable");
        }
    }

    @Test
    void anUnavailableBackendFailsWithTheProvidersReason() {
        Backends registry = Backends.of(List.of(new NoGpu()));
        try {
            Wiring.of(new BackendModule(registry, "cuda", 1, null), new AbstractModule() { }).get(Backend.class);
            throw new AssertionError("expected BackendNotAvailableException");
        } catch (BackendNotAvailableException e) {
            assertThat(e.getMessage()).contains("backend 'cuda' is not available: no CUDA device (cudaGetDeviceCount returned 0)");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
