package dev.enclave.audit;

import java.util.List;
import java.util.Optional;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.Workspace;

/**
 * The thresholds behind the implied risk codes of {@code credit-report.md}, kept in the
 * workspace's settings ({@code enclave settings set audit.risk.leverage 0.65}) so that a bank can
 * apply its own credit policy; the defaults are the schema's. Ratios as decimals. Immutable.
 *
 * @param leverage       {@code HIGH_LEVERAGE} above this debt-to-asset ratio (0.7)
 * @param currentRatio   {@code LOW_LIQUIDITY} below this current ratio (1)
 * @param ltv            {@code HIGH_LTV} above this loan-to-value (0.7)
 * @param singleShare    concentration when one customer or supplier holds more than this share (0.3)
 * @param totalShare     concentration when the listed shares together exceed this (0.6)
 * @param revenueDecline {@code REVENUE_DECLINE} when revenue fell by more than this share (0.15)
 */
public record RiskThresholds(double leverage, double currentRatio, double ltv, double singleShare, double totalShare,
        double revenueDecline) {

    /** The schema's thresholds. */
    public static final RiskThresholds DEFAULTS = new RiskThresholds(0.7, 1, 0.7, 0.3, 0.6, 0.15);

    public static final String LEVERAGE = "audit.risk.leverage";
    public static final String CURRENT_RATIO = "audit.risk.currentRatio";
    public static final String LTV = "audit.risk.ltv";
    public static final String SINGLE_SHARE = "audit.risk.singleShare";
    public static final String TOTAL_SHARE = "audit.risk.totalShare";
    public static final String REVENUE_DECLINE = "audit.risk.revenueDecline";

    /** The definitions the pack registers, so that {@code settings set} checks a value when it is given. */
    public static final List<SettingDefinition> DEFINITIONS = List.of(
            SettingDefinition.decimal(LEVERAGE, DEFAULTS.leverage, 0, 1,
                    "HIGH_LEVERAGE when the debt-to-asset ratio (stated or computed) is above this."),
            SettingDefinition.decimal(CURRENT_RATIO, DEFAULTS.currentRatio, 0, 10,
                    "LOW_LIQUIDITY when the current ratio is below this."),
            SettingDefinition.decimal(LTV, DEFAULTS.ltv, 0, 2, "HIGH_LTV when a collateral's loan-to-value is above this."),
            SettingDefinition.decimal(SINGLE_SHARE, DEFAULTS.singleShare, 0, 1,
                    "CUSTOMER/SUPPLIER_CONCENTRATION when one counterparty's share is above this."),
            SettingDefinition.decimal(TOTAL_SHARE, DEFAULTS.totalShare, 0, 1,
                    "CUSTOMER/SUPPLIER_CONCENTRATION when the listed shares together are above this."),
            SettingDefinition.decimal(REVENUE_DECLINE, DEFAULTS.revenueDecline, 0, 1,
                    "REVENUE_DECLINE when revenue fell from the previous year by more than this share."));

    /**
     * The thresholds of a workspace, the defaults for keys that are not set.
     *
     * @throws EnclaveException (bad input) naming the setting when a stored value is not a number
     */
    public static RiskThresholds of(Workspace workspace) {
        return new RiskThresholds(get(workspace, LEVERAGE, DEFAULTS.leverage), get(workspace, CURRENT_RATIO,
                DEFAULTS.currentRatio), get(workspace, LTV, DEFAULTS.ltv), get(workspace, SINGLE_SHARE,
                        DEFAULTS.singleShare), get(workspace, TOTAL_SHARE, DEFAULTS.totalShare),
                get(workspace, REVENUE_DECLINE, DEFAULTS.revenueDecline));
    }

    private static double get(Workspace ws, String key, double fallback) {
        Optional<String> v = ws.settings().get(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.get().trim());
        } catch (NumberFormatException e) {
            throw EnclaveException.badInput("The setting " + key + " must be a number, not '" + v.get() + "'.");
        }
    }
}
