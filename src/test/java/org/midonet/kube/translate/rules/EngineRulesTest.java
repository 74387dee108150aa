package org.midonet.kube.translate.rules;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.midonet.kube.translate.TranslationEngine;

/** A rules test: a fresh engine with the built-in rules for each test, closed after it. */
abstract class EngineRulesTest {
    protected TranslationEngine engine;

    @BeforeEach
    void newEngine() {
        engine = RulesFixture.newEngine();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }
}
