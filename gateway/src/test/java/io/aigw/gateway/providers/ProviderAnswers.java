package io.aigw.gateway.providers;

/**
 * Answers in each provider's documented wire format, replayed by {@link ProvidersIntegrationTest}. Each
 * answer says {@code secretcode} (masked by the test lexicon) in its text and, where the provider
 * streams reasoning, in its reasoning too, so that a test sees the content policy read both.
 *
 * <p>Sources (no network here; shapes as the providers document them, ids and numbers made up):
 * <ul>
 *   <li>DeepSeek: api-docs.deepseek.com, "Create Chat Completion" and "Reasoning Model (deepseek-reasoner)":
 *       {@code reasoning_content} beside {@code content}, usage with {@code prompt_cache_hit_tokens} on the
 *       last chunk, {@code : keep-alive} SSE comments while the request waits.</li>
 *   <li>Qwen: Alibaba Cloud Model Studio, "OpenAI compatible - Chat" and "Deep thinking": {@code "content":""}
 *       beside {@code reasoning_content}, {@code "usage":null} on every chunk and a last chunk with
 *       {@code "choices":[]} and the usage when {@code stream_options.include_usage} is set.</li>
 *   <li>Zhipu GLM: docs.bigmodel.cn, "对话补全" (chat completions, v4): no {@code object} field, usage beside
 *       {@code finish_reason} on the last chunk; error codes docs.z.ai/api-reference/api-code
 *       ({@code {"error":{"code":"1211","message":...}}}, 1211 = model does not exist).</li>
 *   <li>Moonshot Kimi: platform.moonshot.cn, "Chat API": in a stream, {@code usage} inside the last chunk's
 *       {@code choices[0]}.</li>
 *   <li>Doubao: Volcengine Ark, "Chat API" (volcengine.com/docs/82379/1494384) and its error code table:
 *       {@code service_tier}, {@code reasoning_content}, errors {@code {"error":{"code","message","param","type"}}}
 *       such as 404 {@code InvalidEndpointOrModel.NotFound}.</li>
 *   <li>ERNIE: Baidu Qianfan v2, "对话Chat V2" (cloud.baidu.com/doc/qianfan-api): ids {@code as-...}, a
 *       {@code flag} on each choice, usage on the last chunk.</li>
 *   <li>vLLM: docs.vllm.ai, "OpenAI-Compatible Server" and "Reasoning Outputs": {@code reasoning_content},
 *       {@code stop_reason}, {@code "tool_calls":[]}, a usage-only last chunk with {@code include_usage}.</li>
 *   <li>Ollama: github.com/ollama/ollama docs/openai.md and its openai compatibility layer
 *       ({@code openai/openai.go}): {@code system_fingerprint":"fp_ollama"}, reasoning in {@code reasoning}.</li>
 * </ul>
 */
final class ProviderAnswers {

    private ProviderAnswers() {
    }

    static final String DEEPSEEK_JSON = """
            {"id":"930c60df-bf64-41c9-a88e-3ec75f81e00e","object":"chat.completion","created":1737000000,"model":"deepseek-reasoner",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, secretcode here.","reasoning_content":"They greet; say secretcode."},\
            "logprobs":null,"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"prompt_tokens_details":{"cached_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":6},"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":16},\
            "system_fingerprint":"fp_7e73fd9a08_prod0425fp8"}""";

    static final String DEEPSEEK_SSE = """
            : keep-alive

            data: {"id":"d1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"They greet; say secret"},"logprobs":null,"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"code."},"logprobs":null,"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hello, secret","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"code here.","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

            data: {"id":"d1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":6},"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":16}}

            data: [DONE]

            """;

    static final String QWEN_JSON = """
            {"choices":[{"message":{"role":"assistant","content":"Hello, secretcode here.","reasoning_content":"They greet; say secretcode."},\
            "finish_reason":"stop","index":0,"logprobs":null}],"object":"chat.completion",\
            "usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"completion_tokens_details":{"reasoning_tokens":6}},\
            "created":1737000000,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-6ada9ed2-7f33-9de2-8bb0-78bd4035025a"}""";

    static final String QWEN_SSE = """
            data: {"id":"chatcmpl-q1","choices":[{"delta":{"content":null,"role":"assistant","reasoning_content":""},"index":0,"logprobs":null,"finish_reason":null}],"object":"chat.completion.chunk","usage":null,"created":1737000000,"system_fingerprint":null,"model":"qwen-plus"}

            data: {"id":"chatcmpl-q1","choices":[{"delta":{"content":"","reasoning_content":"They greet; say secretcode."},"index":0,"logprobs":null,"finish_reason":null}],"object":"chat.completion.chunk","usage":null,"created":1737000000,"system_fingerprint":null,"model":"qwen-plus"}

            data: {"id":"chatcmpl-q1","choices":[{"delta":{"content":"Hello, secretcode here.","reasoning_content":null},"index":0,"logprobs":null,"finish_reason":null}],"object":"chat.completion.chunk","usage":null,"created":1737000000,"system_fingerprint":null,"model":"qwen-plus"}

            data: {"id":"chatcmpl-q1","choices":[{"finish_reason":"stop","delta":{"content":""},"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":null,"created":1737000000,"system_fingerprint":null,"model":"qwen-plus"}

            data: {"id":"chatcmpl-q1","choices":[],"object":"chat.completion.chunk","usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"completion_tokens_details":{"reasoning_tokens":6}},"created":1737000000,"system_fingerprint":null,"model":"qwen-plus"}

            data: [DONE]

            """;

    static final String ZHIPU_JSON = """
            {"id":"20250101123456abcdef","request_id":"20250101123456abcdef","created":1737000000,"model":"glm-4.6",\
            "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello, secretcode here.","reasoning_content":"They greet; say secretcode."}}],\
            "usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"prompt_tokens_details":{"cached_tokens":0}}}""";

    static final String ZHIPU_SSE = """
            data: {"id":"z1","created":1737000000,"model":"glm-4.6","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"They greet; say secretcode."}}]}

            data: {"id":"z1","created":1737000000,"model":"glm-4.6","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello, secretcode here."}}]}

            data: {"id":"z1","created":1737000000,"model":"glm-4.6","choices":[{"index":0,"finish_reason":"stop","delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26,"prompt_tokens_details":{"cached_tokens":0}}}

            data: [DONE]

            """;

    static final String ZHIPU_ERROR = "{\"error\":{\"code\":\"1211\",\"message\":\"模型不存在，请检查模型代码。\"}}";

    static final String MOONSHOT_JSON = """
            {"id":"cmpl-04ea926191a14749b7f2c7a48a68abc6","object":"chat.completion","created":1737000000,"model":"moonshot-v1-8k",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, secretcode here."},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26}}""";

    static final String MOONSHOT_SSE = """
            data: {"id":"cmpl-m1","object":"chat.completion.chunk","created":1737000000,"model":"moonshot-v1-8k","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"cmpl-m1","object":"chat.completion.chunk","created":1737000000,"model":"moonshot-v1-8k","choices":[{"index":0,"delta":{"content":"Hello, secretcode here."},"finish_reason":null}]}

            data: {"id":"cmpl-m1","object":"chat.completion.chunk","created":1737000000,"model":"moonshot-v1-8k","choices":[{"index":0,"delta":{},"finish_reason":"stop","usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26}}]}

            data: [DONE]

            """;

    static final String DOUBAO_JSON = """
            {"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"content":"Hello, secretcode here.","reasoning_content":"They greet; say secretcode.","role":"assistant"}}],\
            "created":1737000000,"id":"0217370000000001234567890abcdef","model":"doubao-seed-1-6-250615","service_tier":"default","object":"chat.completion",\
            "usage":{"completion_tokens":10,"prompt_tokens":16,"total_tokens":26,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":6}}}""";

    static final String DOUBAO_SSE = """
            data: {"choices":[{"delta":{"content":"","reasoning_content":"They greet; say secretcode.","role":"assistant"},"index":0}],"created":1737000000,"id":"0217b1","model":"doubao-seed-1-6-250615","service_tier":"default","object":"chat.completion.chunk","usage":null}

            data: {"choices":[{"delta":{"content":"Hello, secretcode here.","role":"assistant"},"index":0}],"created":1737000000,"id":"0217b1","model":"doubao-seed-1-6-250615","service_tier":"default","object":"chat.completion.chunk","usage":null}

            data: {"choices":[{"delta":{"content":"","role":"assistant"},"finish_reason":"stop","index":0}],"created":1737000000,"id":"0217b1","model":"doubao-seed-1-6-250615","service_tier":"default","object":"chat.completion.chunk","usage":null}

            data: {"choices":[],"created":1737000000,"id":"0217b1","model":"doubao-seed-1-6-250615","service_tier":"default","object":"chat.completion.chunk","usage":{"completion_tokens":10,"prompt_tokens":16,"total_tokens":26,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":6}}}

            data: [DONE]

            """;

    static final String DOUBAO_ERROR = "{\"error\":{\"code\":\"InvalidEndpointOrModel.NotFound\",\"message\":\"The model or endpoint "
            + "doubao-nope does not exist or you do not have access to it. Request id: 0217370000000009\",\"param\":\"\",\"type\":\"NotFound\"}}";

    static final String ERNIE_JSON = """
            {"id":"as-bcmt5ct4iy","object":"chat.completion","created":1737000000,"model":"ernie-4.5-turbo-128k",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, secretcode here."},"finish_reason":"stop","flag":0}],\
            "usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26}}""";

    static final String ERNIE_SSE = """
            data: {"id":"as-e1","object":"chat.completion.chunk","created":1737000000,"model":"ernie-4.5-turbo-128k","choices":[{"index":0,"delta":{"content":"Hello, secretcode "},"flag":0}]}

            data: {"id":"as-e1","object":"chat.completion.chunk","created":1737000000,"model":"ernie-4.5-turbo-128k","choices":[{"index":0,"delta":{"content":"here."},"flag":0}]}

            data: {"id":"as-e1","object":"chat.completion.chunk","created":1737000000,"model":"ernie-4.5-turbo-128k","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop","flag":0}],"usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26}}

            data: [DONE]

            """;

    static final String VLLM_JSON = """
            {"id":"chatcmpl-b8f4d1a2","object":"chat.completion","created":1737000000,"model":"Qwen/Qwen3-8B",\
            "choices":[{"index":0,"message":{"role":"assistant","reasoning_content":"They greet; say secretcode.","content":"Hello, secretcode here.","tool_calls":[]},\
            "logprobs":null,"finish_reason":"stop","stop_reason":null}],\
            "usage":{"prompt_tokens":16,"total_tokens":26,"completion_tokens":10,"prompt_tokens_details":null},"prompt_logprobs":null}""";

    static final String VLLM_SSE = """
            data: {"id":"chatcmpl-v1","object":"chat.completion.chunk","created":1737000000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-v1","object":"chat.completion.chunk","created":1737000000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"reasoning_content":"They greet; say secretcode."},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-v1","object":"chat.completion.chunk","created":1737000000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"Hello, secretcode here."},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-v1","object":"chat.completion.chunk","created":1737000000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}

            data: {"id":"chatcmpl-v1","object":"chat.completion.chunk","created":1737000000,"model":"Qwen/Qwen3-8B","choices":[],"usage":{"prompt_tokens":16,"total_tokens":26,"completion_tokens":10}}

            data: [DONE]

            """;

    static final String OLLAMA_JSON = """
            {"id":"chatcmpl-310","object":"chat.completion","created":1737000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, secretcode here.","reasoning":"They greet; say secretcode."},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26}}""";

    static final String OLLAMA_SSE = """
            data: {"id":"chatcmpl-311","object":"chat.completion.chunk","created":1737000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"They greet; say secretcode."},"finish_reason":null}]}

            data: {"id":"chatcmpl-311","object":"chat.completion.chunk","created":1737000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello, secretcode here."},"finish_reason":null}]}

            data: {"id":"chatcmpl-311","object":"chat.completion.chunk","created":1737000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}

            data: {"id":"chatcmpl-311","object":"chat.completion.chunk","created":1737000000,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":16,"completion_tokens":10,"total_tokens":26}}

            data: [DONE]

            """;
}
