package dev.jnn.app.wiring;

import com.google.inject.AbstractModule;
import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.models.functional.FunctionalCatalog;

/** Binds the model catalogue: today the interim Functional zoo; dev.jnn.nn's zoo once it lands. */
public final class ModelModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ModelCatalog.class).to(FunctionalCatalog.class);
    }
}
