package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.internal.AuditScorer;

/** The scorer compares as a fair evaluator would: NFKC-normalised, blank-insensitive strings. */
class ScorerTest {
    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void fullWidthAndBlanksDoNotMakeAValueWrong() {
        AuditScorer sc = new AuditScorer();
        sc.score("a", json("{\"borrower\":{\"address\":\"无锡市滨湖区联合路18号\",\"credit_code\":\"91320211MA1W6K8P3X\","
                + "\"name\":\"无锡锡能电力设备有限公司\"},\"facility\":{\"rate\":\"LPR+70BP\"}}"),
                json("{\"borrower\":{\"address\":\"无锡市滨湖区 联合路１８号\",\"credit_code\":\"９１３２０２１１ＭＡ１Ｗ６Ｋ８Ｐ３Ｘ\","
                        + "\"name\":\"无锡锡能 电力设备有限公司\"},\"facility\":{\"rate\":\"ＬＰＲ＋７０ＢＰ\"}}"));
        assertEquals(4, sc.overall().tp, sc.mismatches().toString());
        assertEquals(0, sc.overall().fp, sc.mismatches().toString());
    }

    @Test
    void aDifferentValueIsStillWrong() {
        AuditScorer sc = new AuditScorer();
        sc.score("a", json("{\"borrower\":{\"address\":\"无锡市滨湖区联合路18号\"},\"facility\":{\"rate\":\"LPR+70BP\"}}"),
                json("{\"borrower\":{\"address\":\"无锡市滨湖区联合路１９号\"},\"facility\":{\"rate\":\"ＬＰＲ＋８０ＢＰ\"}}"));
        assertEquals(0, sc.overall().tp, sc.mismatches().toString());
        assertEquals(2, sc.overall().fp);
        assertEquals(2, sc.overall().fn);
    }
}
