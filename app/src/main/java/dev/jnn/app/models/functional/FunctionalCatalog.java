package dev.jnn.app.models.functional;

import static dev.jnn.app.models.functional.Layers.batchNorm1d;
import static dev.jnn.app.models.functional.Layers.conv2d;
import static dev.jnn.app.models.functional.Layers.flatten;
import static dev.jnn.app.models.functional.Layers.linear;
import static dev.jnn.app.models.functional.Layers.maxPool2d;
import static dev.jnn.app.models.functional.Layers.relu;

import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.models.Recipes;
import dev.jnn.app.models.ZooModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeds' five models written on core's {@code Functional}, with the layer names and layouts of
 * their PyTorch twins ({@code tools/reference/zoo.py}). Interim: it stands in for {@code dev.jnn.nn}'s
 * model zoo, which replaces it once that module offers layers and the zoo.
 */
public final class FunctionalCatalog implements ModelCatalog {
    @Override
    public List<String> names() {
        return Recipes.names();
    }

    @Override
    public ZooModel create(String name) {
        List<Net.Entry> e = new ArrayList<>();
        String cls;
        switch (name) {
            case "mlp" -> {
                cls = "Mlp";
                e.add(step(flatten()));
                int[] widths = {784, 512, 256, 128, 64, 10};
                for (int i = 0; i < 5; i++) {
                    e.add(at("l" + (i + 1), linear(widths[i], widths[i + 1])));
                    if (i < 4) e.add(step(relu()));
                }
            }
            case "bn-mlp" -> {
                cls = "BnMlp";
                e.add(at("flatten", flatten()));
                e.add(at("layer1.0", linear(784, 300)));
                e.add(at("layer1.1", batchNorm1d(300)));
                e.add(step(relu()));
                e.add(at("layer2.0", linear(300, 100)));
                e.add(at("layer2.1", batchNorm1d(100)));
                e.add(step(relu()));
                e.add(at("layer3.0", linear(100, 10)));
            }
            case "cnn" -> {
                cls = "Cnn";
                e.add(at("conv1.0", conv2d(1, 16, 5, 2)));
                e.add(at("conv1.1", relu()));
                e.add(at("conv1.2", maxPool2d()));
                e.add(at("conv2.0", conv2d(16, 32, 5, 2)));
                e.add(at("conv2.1", relu()));
                e.add(at("conv2.2", maxPool2d()));
                e.add(step(flatten()));
                e.add(at("out", linear(32 * 7 * 7, 10)));
            }
            case "lenet" -> {
                cls = "LeNet";
                e.add(at("conv1", conv2d(1, 6, 5, 2)));
                e.add(step(relu()));
                e.add(at("pool1", maxPool2d()));
                e.add(at("conv2", conv2d(6, 16, 5, 0)));
                e.add(step(relu()));
                e.add(at("pool2", maxPool2d()));
                e.add(step(flatten()));
                e.add(at("fc1", linear(400, 120)));
                e.add(step(relu()));
                e.add(at("fc2", linear(120, 84)));
                e.add(step(relu()));
                e.add(at("fc3", linear(84, 10)));
            }
            case "linear" -> {
                cls = "LinearNet";
                e.add(at("flatten", flatten()));
                e.add(at("layer1", linear(784, 300)));
                e.add(at("layer2", linear(300, 100)));
                e.add(at("layer3", linear(100, 10)));
            }
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; valid: " + String.join(", ", names()));
        }
        return new Net(name, cls, e);
    }

    private static Net.Entry at(String path, Layer layer) {
        return new Net.Entry(path, layer);
    }

    private static Net.Entry step(Layer layer) {
        return new Net.Entry(null, layer);
    }
}
