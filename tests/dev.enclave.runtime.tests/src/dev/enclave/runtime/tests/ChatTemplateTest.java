package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.internal.jinja.JinjaTemplate;
import dev.enclave.runtime.internal.jinja.TemplateException;

/** Chat templates render exactly as transformers renders them, and the Jinja semantics they rely on. */
class ChatTemplateTest {

    @ParameterizedTest
    @ValueSource(strings = { "qwen3-tiny", "qwen2-tiny", "llama-tiny" })
    void fixtureTemplatesMatchTransformers(String name) throws Exception {
        JsonArray cases = JsonParser.parseString(Files.readString(Fixtures.model(name).resolve("reference.json"),
                StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("cases");
        String expected = cases.get(cases.size() - 1).getAsJsonObject().get("text").getAsString();
        try (LanguageModel lm = Fixtures.registry().openLanguageModel(Fixtures.model(name), Progress.silent())) {
            assertTrue(lm.hasChatTemplate());
            String prompt = lm.chatPrompt(List.of(ChatMessage.system("你是银行信贷审计助手。"),
                    ChatMessage.user("请列出该报告中的担保关系。")));
            assertEquals(expected, prompt);
        }
    }

    @Test
    void qwen3DropsEarlierReasoningLikeTheRealTemplate() throws Exception {
        try (LanguageModel lm = Fixtures.registry().openLanguageModel(Fixtures.model("qwen3-tiny"),
                Progress.silent())) {
            String prompt = lm.chatPrompt(List.of(ChatMessage.user("hi"),
                    ChatMessage.assistant("<think>\nreasoning\n</think>\n\nhello"), ChatMessage.user("again")));
            assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhello<|im_end|>\n"
                    + "<|im_start|>user\nagain<|im_end|>\n<|im_start|>assistant\n", prompt);
        }
    }

    static String render(String template, Map<String, Object> vars) {
        return JinjaTemplate.parse(template).render(vars);
    }

    @Test
    void jinjaSemantics() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("xs", List.of(1L, 2L, 3L));
        v.put("m", Map.of("role", "user", "content", "  Hi  "));
        assertEquals("3,2,1", render("{{ xs[::-1]|join(',') }}", v));
        assertEquals("[2, 3]", render("{{ xs[1:] }}", v));
        assertEquals("2", render("{{ xs|length - 1 }}", v));
        assertEquals("0:1 1:2 2:3 ", render("{% for x in xs %}{{ loop.index0 }}:{{ x }} {% endfor %}", v));
        assertEquals("a-b", render("{%- set ns = namespace(found=false) -%}\n  {%- for x in xs %}"
                + "{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}"
                + "{{ 'a' if ns.found else 'z' }}-{{ 'b' }}", v));
        assertEquals("Hi|True|False", render("{{ m.content.strip() }}|{{ m.role is defined }}|{{ m.x is defined }}",
                v));
        assertEquals("{\"a\": [1, \"\u4e2d\"]}", render("{{ {'a': [1, '中']}|tojson }}", v));
        assertEquals("x\ny", render("{% if true %}\nx\n{% endif %}\n{{ 'y' }}", v), "trim_blocks / lstrip_blocks");
        assertEquals("<b>1</b><b>2</b>", render("{% macro b(t) %}<b>{{ t }}</b>{% endmacro %}"
                + "{{ b(1) }}{{ b(t=2) }}", v));
        assertEquals("1 2 ", render("{% for x in xs %}{% if x > 2 %}{% break %}{% endif %}{{ x }} {% endfor %}", v));
        assertEquals("b|c", render("{{ 'a</t>b'.split('</t>')[-1] }}|{{ 'c\\n'.rstrip('\\n') }}", v));
        TemplateException e = assertThrows(TemplateException.class,
                () -> render("{{ raise_exception('Only user and assistant roles are supported') }}", v));
        assertTrue(e.getMessage().contains("Only user and assistant"));
        assertThrows(TemplateException.class, () -> render("{% if x %}unclosed", v));
    }

    @Test
    void aModelWithoutTemplateSaysSo() throws Exception {
        var folder = Fixtures.copy("qwen2-tiny", Files.createTempDirectory("nochat2"), false);
        Files.writeString(folder.resolve("tokenizer_config.json"), "{}");
        try (LanguageModel lm = Fixtures.registry().openLanguageModel(folder, Progress.silent())) {
            EnclaveException e = assertThrows(EnclaveException.class, () -> lm.chatPrompt(List.of(ChatMessage.user("x"))));
            assertTrue(e.getMessage().contains("no chat template"), e.getMessage());
        }
    }
}
