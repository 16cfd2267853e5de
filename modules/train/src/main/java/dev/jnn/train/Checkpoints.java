package dev.jnn.train;

import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.core.io.FileWriteException;
import dev.jnn.nn.StateDictMismatchException;
import dev.jnn.nn.StateDicts;
import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.optim.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Moving a run's state into and out of a {@link Checkpoint}, for the {@link Trainer}. */
final class Checkpoints {
    /** The name of the default generator among a checkpoint's generators. */
    static final String GLOBAL = "global";

    private Checkpoints() {
    }

    /** Host copies of the model's parameters and buffers. */
    static Map<String, RawTensor> modelState(Trainable model) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        model.state().forEach((name, t) -> out.put(name, RawTensor.ofFloats(shapeOf(t), t.toFloatArray())));
        return out;
    }

    /** Writes the saved parameters and buffers into the model, after checking that every name and shape fits. */
    static void loadModel(Trainable model, Checkpoint c) {
        try {
            StateDicts.loadRaw(model.state(), "the model", c.model(), "the checkpoint");
        } catch (StateDictMismatchException e) {
            throw new CheckpointException("the checkpoint does not fit the model: " + String.join("; ", e.problems()));
        }
    }

    /** Loads a saved optimizer or scheduler state; the run and the checkpoint must agree on having one. */
    static void loadState(String what, Consumer<StateDict> loader, StateDict saved) {
        if (loader == null && saved == null) return;
        if (loader == null) throw new CheckpointException("the checkpoint has " + what + " state but the run has no " + what);
        if (saved == null) throw new CheckpointException("the run has a " + what + " but the checkpoint has no state for it");
        try {
            loader.accept(saved);
        } catch (RuntimeException e) {
            throw new CheckpointException("the checkpoint's " + what + " state does not fit: " + e.getMessage());
        }
    }

    /** The states of the default generator and the model's own. */
    static Map<String, Generator.State> generatorStates(Trainable model) {
        Map<String, Generator.State> out = new LinkedHashMap<>();
        out.put(GLOBAL, Generator.global().state());
        model.generators().forEach((name, g) -> out.put("module/" + name, g.state()));
        return out;
    }

    /** Restores every generator the checkpoint has a state for; the model's must all be there. */
    static void loadGenerators(Trainable model, Checkpoint c) {
        Map<String, Generator.State> saved = c.generators();
        if (saved.containsKey(GLOBAL)) Generator.global().restore(saved.get(GLOBAL));
        model.generators().forEach((name, g) -> {
            Generator.State s = saved.get("module/" + name);
            if (s == null) throw new CheckpointException("the checkpoint has no state for the generator of " + name);
            g.restore(s);
        });
    }

    /**
     * Writes {@code c} to {@code file}; on failure the message says why and where the last good
     * checkpoint is (the atomic write leaves it untouched).
     */
    static void write(Checkpoint c, Path file, long lastGoodStep) {
        try {
            c.write(file);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException io ? FileWriteException.reasonOf(io, file) : e.getMessage();
            boolean there = Files.isRegularFile(file);
            String previous = lastGoodStep < 0 ? "this run saved no checkpoint before" + (there ? " (the file there is unchanged)" : "")
                    : there ? "the last good checkpoint is " + file + " (step " + lastGoodStep + "), intact"
                    : "the checkpoint of step " + lastGoodStep + " is gone too";
            throw new CheckpointException("cannot write checkpoint " + file + " at step " + c.step() + ": " + reason + "; " + previous);
        }
    }

    private static long[] shapeOf(Tensor t) {
        return Arrays.stream(t.shape().dims()).asLongStream().toArray();
    }
}
