/** An example application on jnn's modules: a model of its own trained on MNIST. */
module com.example.consumer {
    requires dev.jnn.train;   // brings nn, optim, data and core (requires transitive)
}
