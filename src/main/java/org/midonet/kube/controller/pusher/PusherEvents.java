package org.midonet.kube.controller.pusher;

/** The reasons of the Events the pusher records about Translations (through controller.ops.EventRecorder). */
final class PusherEvents {
    static final String UPDATE_PUSHED = "TranslationUpdatePushed";
    static final String UPDATE_ERROR = "TranslationUpdateError";
    static final String DELETION_PUSHED = "TranslationDeletionPushed";
    static final String DELETION_ERROR = "TranslationDeletionError";
    static final String DELETION_FINALIZER_ERROR = "TranslationDeletionFinalizerError";
    static final String DRIFT_REPAIRED = "TranslationDriftRepaired";
    static final String NOT_DERIVED = "TranslationNotDerived";

    private PusherEvents() {
    }
}
