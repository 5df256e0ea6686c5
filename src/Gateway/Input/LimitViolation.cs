using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Input;

/// <summary>
/// A request over one of the input limits: which (<paramref name="Limit"/>, a configuration key or the model's
/// <c>max_context_len</c>), its value and what the request holds. <paramref name="Param"/> names the request field
/// (OpenAI's <c>param</c>); <paramref name="OpenAiCode"/> is the OpenAI error code for it.
/// </summary>
internal sealed record LimitViolation(string Limit, long Max, long Actual, string Message, string Param, string OpenAiCode = "invalid_value")
{
    public string? Model { get; init; }

    /// <summary>The JSON-RPC error's data: <c>{limit, max, actual, model?}</c>.</summary>
    public JObject Data()
    {
        var data = new JObject { ["limit"] = Limit, ["max"] = Max, ["actual"] = Actual };
        if (Model is not null) data["model"] = Model;
        return data;
    }
}
