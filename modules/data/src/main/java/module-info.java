/** jnn's data: IDX/MNIST reading and fetching, datasets, data loaders, transforms and preprocessing. */
module dev.jnn.data {
    // SampleGrid returns java.awt.image.BufferedImage and writes PNG through ImageIO.
    requires transitive java.desktop;

    exports dev.jnn.data;
    exports dev.jnn.data.transforms;
    exports dev.jnn.data.preprocess;
}
