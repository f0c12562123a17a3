package dev.enclave.semi;

import java.util.List;
import java.util.Map;

/**
 * Yield / defect prediction from process parameters ("feedback parameter
 * optimisation"): fits candidate models with k-fold cross-validation, keeps the best,
 * and suggests parameter settings within bounds that improve the predicted outcome.
 * Registered as an OSGi service.
 */
public interface YieldModels {

    /** Cross-validated error of one candidate model. */
    record Score(String model, int coefficients, double deviance, double rmse, double mae) {
    }

    /**
     * The result of fitting.
     *
     * @param family {@code poisson} for count outcomes, {@code gaussian} otherwise
     * @param runs number of runs
     * @param folds cross-validation folds
     * @param scores every candidate's cross-validated error, the mean-only baseline first
     * @param chosen the candidate with the lowest cross-validated deviance, refitted on all runs
     * @param modelJson the chosen model, for {@link #suggest}
     */
    record Fit(String family, int runs, int folds, List<Score> scores, String chosen, String modelJson) {
    }

    /** Parameter settings with their predicted outcome. */
    record Suggestion(Map<String, String> settings, double predicted) {
    }

    /** Fits and cross-validates the candidate models on the runs. */
    Fit fit(YieldData data, int folds, long seed);

    /**
     * Suggests settings within bounds.
     *
     * @param modelJson a model from {@link Fit#modelJson()}
     * @param bounds per parameter: {@code A|B|C} (allowed levels of a factor) or {@code LO:HI}
     *            (range of a numeric parameter); parameters not named range over what the
     *            training data held
     * @param maximize {@code true} to maximise the outcome (yield), {@code false} to minimise it (defects)
     * @param top how many settings to return, best first
     */
    List<Suggestion> suggest(String modelJson, Map<String, String> bounds, boolean maximize, int top);
}
