package dev.jnn.app.models;

import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.nn.Layer;
import dev.jnn.nn.StateDicts;
import dev.jnn.nn.Summary;
import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.train.Trainable;
import java.util.List;
import java.util.Map;

/** A zoo {@link Layer} seen as a {@link ZooModel}. */
final class NnModel implements ZooModel {
    private final String name;
    private final Layer module;

    NnModel(String name, Layer module) {
        this.name = name;
        this.module = module;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tensor forward(Tensor x) {
        return module.call(x);
    }

    @Override
    public List<Tensor> parameters() {
        return module.parameters();
    }

    @Override
    public void train(boolean training) {
        module.train(training);
    }

    @Override
    public Map<String, Tensor> state() {
        return module.stateDict();
    }

    @Override
    public Map<String, Generator> generators() {
        return Trainable.generatorsOf(module);
    }

    @Override
    public long parameterCount() {
        return module.parameterCount();
    }

    @Override
    public String summary(int... inputShape) {
        int[] dims = new int[inputShape.length + 1];
        dims[0] = 1;
        System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
        return Summary.of(module, dims);
    }

    @Override
    public Map<String, RawTensor> stateDict() {
        return StateDicts.toRaw(module);
    }

    @Override
    public void loadStateDict(Map<String, RawTensor> state) {
        StateDicts.loadRaw(module, state, "the file");
    }
}
