package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.jnn.app.wiring.BackendModule;
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
