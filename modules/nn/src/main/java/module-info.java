/** Neural-network building blocks of jnn; for now the safetensors codec for state dicts. */
module dev.jnn.nn {
    exports dev.jnn.nn.safetensors;
}
