// The official OpenAI client (npm "openai", pinned in this bundle's pom.xml) against `enclave serve`.
// Usage: node openai-client.mjs BASE_URL TOKEN MODEL PROMPT MAX_TOKENS EMBEDDER TEXT...
// Prints one JSON document: what the client got for each call, for ServeOpenAiClientTest to compare
// with the command line's own answers.
import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const [baseURL, apiKey, model, prompt, maxTokens, embedder, ...texts] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 120_000 });
const request = {
  model,
  messages: [{ role: 'user', content: prompt }],
  temperature: 0,
  seed: 0,
  max_tokens: Number(maxTokens),
};
const out = { client: VERSION };

out.models = [];
for await (const m of client.models.list()) {
  out.models.push(m.id);
}

const plain = await client.chat.completions.create(request);
out.chat = {
  text: plain.choices[0].message.content,
  finish_reason: plain.choices[0].finish_reason,
  usage: plain.usage,
};

const stream = await client.chat.completions.create({ ...request, stream: true,
  stream_options: { include_usage: true } });
out.stream = { text: '', chunks: 0, finish_reason: null, usage: null };
for await (const chunk of stream) {
  out.stream.chunks++;
  if (chunk.usage) {
    out.stream.usage = chunk.usage;
  }
  const choice = chunk.choices[0];
  if (choice) {
    out.stream.text += choice.delta?.content ?? '';
    out.stream.finish_reason = choice.finish_reason ?? out.stream.finish_reason;
  }
}

// The client asks for base64 unless told otherwise and decodes it; ask for both.
const b64 = await client.embeddings.create({ model: embedder, input: texts });
const floats = await client.embeddings.create({ model: embedder, input: texts, encoding_format: 'float' });
out.embeddings = { model: b64.model, base64: b64.data.map((d) => Array.from(d.embedding)),
  float: floats.data.map((d) => d.embedding) };

const wrong = new OpenAI({ baseURL, apiKey: 'enc-not-a-token', maxRetries: 0 });
try {
  await wrong.models.list();
  out.wrong_token = { status: 200 };
} catch (e) {
  out.wrong_token = { status: e.status ?? null, authentication_error: e instanceof OpenAI.AuthenticationError,
    message: e.error?.message ?? String(e) };
}

process.stdout.write(JSON.stringify(out) + '\n');
