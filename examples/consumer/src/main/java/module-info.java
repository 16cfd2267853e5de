/** An example application that trains the seed-000 MLP with jnn's modules. */
module com.example.consumer {
    requires dev.jnn.nn;
    requires dev.jnn.optim;
    requires dev.jnn.data;
}
