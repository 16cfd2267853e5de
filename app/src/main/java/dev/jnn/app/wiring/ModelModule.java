package dev.jnn.app.wiring;

import com.google.inject.AbstractModule;
import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.models.NnCatalog;

/** Binds the model catalogue: dev.jnn.nn's model zoo. */
public final class ModelModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ModelCatalog.class).to(NnCatalog.class);
    }
}
