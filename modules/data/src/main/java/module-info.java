/** jnn's data: IDX/MNIST reading and fetching, datasets, data loaders, transforms and preprocessing. */
module dev.jnn.data {
    // SampleGrid returns java.awt.image.BufferedImage and writes PNG through ImageIO.
    requires transitive java.desktop;
    // Batch hands out Tensors (so users of data get core); AtomicFile: fetched files and PNGs are
    // written like every other jnn file (temporary name, rename).
    requires transitive dev.jnn.core;

    exports dev.jnn.data;
    exports dev.jnn.data.transforms;
    exports dev.jnn.data.preprocess;
}
