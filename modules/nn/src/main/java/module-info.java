/** jnn's neural-network layer: modules, layers, losses, initialisation, state dicts (safetensors), the model zoo. */
module dev.jnn.nn {
    requires transitive dev.jnn.core;

    exports dev.jnn.nn;
    exports dev.jnn.nn.init;
    exports dev.jnn.nn.safetensors;
    exports dev.jnn.nn.zoo;
}
