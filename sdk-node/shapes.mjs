// Answer shapes through the official Node SDKs (openai, @anthropic-ai/sdk) against a running aigw.
//
// Each shape sends the prompt "shape:<name>"; the upstream behind the gateway must answer that prompt
// in the shape (NodeSdkShapesIntegrationTest stubs WireMock so, see ShapeTranscripts). What is checked
// is what the SDK parsed: tool arguments byte for byte, JSON.parse of structured answers, the label in
// every choice that a person reads, and none inserted where it would break the answer.
//
// Environment: AIGW_BASE_URL (default http://127.0.0.1:8080), AIGW_KEY (default aigw-demo-key),
// AIGW_LABEL (the explicit label text, default the zh-CN one), AIGW_RUN (prefix of the X-Request-Id
// of each call: <run>-<shape>), AIGW_SHAPES (comma-separated names to run; default all).
// Prints one line per shape, "ok <shape>" or "FAIL <shape>: <why>", then "shapes: N ok, M failing";
// exits 0 only when every shape passed.

import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';

const baseUrl = process.env.AIGW_BASE_URL ?? 'http://127.0.0.1:8080';
const key = process.env.AIGW_KEY ?? 'aigw-demo-key';
const label = process.env.AIGW_LABEL ?? '本内容由人工智能生成';
const run = process.env.AIGW_RUN ?? `node-${Date.now()}`;
const only = process.env.AIGW_SHAPES ? new Set(process.env.AIGW_SHAPES.split(',')) : null;
const prefix = label + '\n\n';

// What the transcripts answer (ShapeTranscripts.java holds the same values).
const ARGUMENTS = '{"location":"北京","unit":"celsius"}';
const JSON_DOC = '{"answer":"北京","confidence":0.9}';
const REFUSAL = "I'm sorry, I can't help with that.";

function openai(shape) {
  return new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: key, maxRetries: 0, timeout: 20000,
    defaultHeaders: { 'X-Request-Id': `${run}-${shape}` } });
}

function anthropic(shape) {
  return new Anthropic({ baseURL: baseUrl, apiKey: key, maxRetries: 0, timeout: 20000,
    defaultHeaders: { 'X-Request-Id': `${run}-${shape}` } });
}

const chat = (shape, extra = {}) => ({ model: 'gpt-4o', messages: [{ role: 'user', content: `shape:${shape}` }], ...extra });
const messages = (shape, extra = {}) => ({ model: 'claude-sonnet-4-5', max_tokens: 1024,
  messages: [{ role: 'user', content: `shape:${shape}` }], ...extra });

const weatherTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object',
  properties: { location: { type: 'string' }, unit: { type: 'string' } } } } };
const schemaFormat = { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: { type: 'object',
  properties: { answer: { type: 'string' }, confidence: { type: 'number' } }, required: ['answer', 'confidence'],
  additionalProperties: false } } };

async function openAiStreamed(shape, params) {
  const stream = openai(shape).chat.completions.stream({ ...params, stream: true });
  return stream.finalChatCompletion();
}

async function anthropicStreamed(shape, params) {
  return anthropic(shape).messages.stream(params).finalMessage();
}

function assertToolCall(message) {
  assert.ok(!message.content, `no text inserted into a tool call, got ${JSON.stringify(message.content)}`);
  assert.equal(message.tool_calls?.length, 1);
  assert.equal(message.tool_calls[0].function.name, 'get_weather');
  assert.equal(message.tool_calls[0].function.arguments, ARGUMENTS, 'arguments byte for byte');
}

function assertStructured(message) {
  assert.equal(message.content, JSON_DOC, 'the structured answer is the JSON document');
  assert.deepEqual(JSON.parse(message.content), { answer: '北京', confidence: 0.9 });
}

function assertTwoLabeledChoices(completion, second) {
  assert.equal(completion.choices.length, 2);
  const byIndex = [...completion.choices].sort((a, b) => a.index - b.index);
  assert.equal(byIndex[0].message.content, prefix + '第一');
  assert.equal(byIndex[1].message.content, prefix + second);
}

function texts(message) {
  return message.content.filter((b) => b.type === 'text').map((b) => b.text);
}

const shapes = {
  // ------------------------------------------------------------------ OpenAI
  'openai-text': async (s) => {
    const c = await openai(s).chat.completions.create(chat(s));
    assert.equal(c.choices[0].message.content, prefix + '你好！Hello.');
    assert.ok(c.aigc?.ProduceID, 'implicit label (aigc) in the body');
  },
  'openai-text-stream': async (s) => {
    const c = await openAiStreamed(s, chat(s));
    assert.equal(c.choices[0].message.content, prefix + '你好！Hello.');
  },
  'openai-tool-call': async (s) => {
    const c = await openai(s).chat.completions.create(chat(s, { tools: [weatherTool] }));
    assertToolCall(c.choices[0].message);
    assert.equal(c.choices[0].finish_reason, 'tool_calls');
    assert.ok(c.aigc?.ProduceID, 'implicit label (aigc) on a tool call');
  },
  'openai-tool-call-stream': async (s) => {
    const c = await openAiStreamed(s, chat(s, { tools: [weatherTool] }));
    assertToolCall(c.choices[0].message);
    assert.equal(c.choices[0].finish_reason, 'tool_calls');
  },
  'openai-json-object': async (s) => {
    const c = await openai(s).chat.completions.create(chat(s, { response_format: { type: 'json_object' } }));
    assertStructured(c.choices[0].message);
  },
  'openai-json-object-stream': async (s) => {
    assertStructured((await openAiStreamed(s, chat(s, { response_format: { type: 'json_object' } }))).choices[0].message);
  },
  'openai-json-schema': async (s) => {
    const c = await openai(s).chat.completions.parse(chat(s, { response_format: schemaFormat }));
    assertStructured(c.choices[0].message);
    assert.deepEqual(c.choices[0].message.parsed, { answer: '北京', confidence: 0.9 }, 'the SDK parsed the schema answer');
  },
  'openai-json-schema-stream': async (s) => {
    assertStructured((await openAiStreamed(s, chat(s, { response_format: schemaFormat }))).choices[0].message);
  },
  'openai-two-choices': async (s) => {
    assertTwoLabeledChoices(await openai(s).chat.completions.create(chat(s, { n: 2 })), '第二');
  },
  'openai-two-choices-stream': async (s) => {
    assertTwoLabeledChoices(await openAiStreamed(s, chat(s, { n: 2 })), '第二个');
  },
  'openai-refusal': async (s) => {
    const m = (await openai(s).chat.completions.create(chat(s))).choices[0].message;
    assert.ok(!m.content, 'no content beside the refusal');
    assert.equal(m.refusal, prefix + REFUSAL);
  },
  'openai-refusal-stream': async (s) => {
    const m = (await openAiStreamed(s, chat(s))).choices[0].message;
    assert.ok(!m.content, 'no content beside the refusal');
    assert.equal(m.refusal, prefix + REFUSAL);
  },
  // ------------------------------------------------------------------ Anthropic
  'anthropic-text': async (s) => {
    const m = await anthropic(s).messages.create(messages(s));
    assert.deepEqual(texts(m), [prefix + '你好，这是回答。']);
    assert.ok(m.aigc?.ProduceID, 'implicit label (aigc) in the body');
  },
  'anthropic-text-stream': async (s) => {
    assert.deepEqual(texts(await anthropicStreamed(s, messages(s))), [prefix + '你好，这是回答。']);
  },
  'anthropic-tool-use': async (s) => {
    const m = await anthropic(s).messages.create(messages(s));
    assert.equal(m.content.length, 1, 'no text block inserted');
    assert.equal(m.content[0].type, 'tool_use');
    assert.deepEqual(m.content[0].input, { location: '北京', unit: 'celsius' });
    assert.equal(m.stop_reason, 'tool_use');
  },
  'anthropic-tool-use-stream': async (s) => {
    const m = await anthropicStreamed(s, messages(s));
    assert.deepEqual(m.content.map((b) => b.type), ['tool_use']);
    assert.deepEqual(m.content[0].input, { location: '北京', unit: 'celsius' });
  },
  'anthropic-text-blocks': async (s) => {
    const m = await anthropic(s).messages.create(messages(s));
    assert.deepEqual(texts(m), [prefix + '第一段。', '第二段。'], 'labeled once per message');
  },
  'anthropic-text-blocks-stream': async (s) => {
    const m = await anthropicStreamed(s, messages(s));
    assert.deepEqual(texts(m), [prefix + '第一段。', '第二段。'], 'labeled once per message');
  },
  'anthropic-thinking-stream': async (s) => {
    const m = await anthropicStreamed(s, messages(s, { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } }));
    assert.deepEqual(m.content.map((b) => b.type), ['thinking', 'text']);
    assert.equal(m.content[0].thinking, '用户问天气。', 'thinking unchanged, unlabeled');
    assert.equal(m.content[0].signature, 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds');
    assert.equal(m.content[1].text, prefix + '北京晴。');
  },
  'anthropic-refusal': async (s) => {
    const m = await anthropic(s).messages.create(messages(s));
    assert.equal(m.stop_reason, 'refusal');
    assert.deepEqual(texts(m), [prefix + 'Hello..']);
  },
  'anthropic-refusal-stream': async (s) => {
    const m = await anthropicStreamed(s, messages(s));
    assert.equal(m.stop_reason, 'refusal');
    assert.deepEqual(texts(m), [prefix + 'Hello..']);
  },
};

let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(shapes)) {
  if (only && !only.has(name)) {
    continue;
  }
  try {
    await check(name);
    passed++;
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${(e?.message ?? String(e)).replace(/\s+/g, ' ')}`);
  }
}
console.log(`shapes: ${passed} ok, ${failed} failing`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
