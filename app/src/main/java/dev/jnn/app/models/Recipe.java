package dev.jnn.app.models;

/**
 * A model of the seeds with the training recipe its tutorial uses; every field is the default of a
 * {@code train} flag.
 *
 * @param model the model's name ({@code --model})
 * @param optimizer PyTorch's optimizer name, lower case ({@code --optimizer})
 * @param lr learning rate
 * @param momentum SGD momentum (0 for optimizers without one)
 * @param batchSize samples per batch
 * @param epochs epochs
 * @param scheduler {@code none} or a scheduler name ({@code --scheduler})
 * @param stepSize StepLR's step size
 * @param gamma the scheduler's decay factor
 * @param mean Normalize's mean (0 with ToTensor only)
 * @param std Normalize's standard deviation (1 with ToTensor only)
 * @param seed the seed
 */
public record Recipe(String model, String optimizer, double lr, double momentum, int batchSize, int epochs,
        String scheduler, int stepSize, double gamma, float mean, float std, long seed) {

    /** Whether the recipe normalises after ToTensor. */
    public boolean normalizes() {
        return mean != 0f || std != 1f;
    }
}
