// [[step]] tables of a lesson (lessons/README.md "Steps"): narration, question, `until`,
// highlight, checks and the exercise. Every check expression is parsed here, so a typo shows up
// in `postlab check` with the column inside the string, not when the lesson runs.
#include <fmt/format.h>

#include "sim/lesson/loader_impl.hpp"

namespace postlab::lesson::detail {
namespace {

// `time +5m`, `time +30s`, `time +2h`: microseconds, or -1 when the text is not of that form.
std::int64_t parse_time_offset(std::string_view text) {
    if (text.substr(0, 5) != "time ") return -1;
    text.remove_prefix(5);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (text.empty() || text.front() != '+') return -1;
    text.remove_prefix(1);
    std::int64_t value = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && i < 7; ++i) {
        value = value * 10 + (text[i] - '0');
    }
    if (i == 0 || i + 1 != text.size()) return -1;
    switch (text[i]) {
    case 's': return value * 1'000'000;
    case 'm': return value * 60'000'000;
    case 'h': return value * 3'600'000'000;
    default: return -1;
    }
}

}  // namespace

void LessonLoader::load_steps(const toml::table& root) {
    const auto* list = m_r.array(root, "step", "the lesson file", true);
    if (!list) return;
    std::size_t number = 0;
    for (const auto& node : *list) {
        ++number;
        if (const auto* t = node.as_table()) {
            load_step(*t, number);
        } else {
            m_r.error(Reader::pos(node), "each step must be a [[step]] table");
        }
    }
    if (list->empty()) m_r.error(Reader::pos(*list), "a lesson needs at least one [[step]]");
}

void LessonLoader::load_step(const toml::table& t, std::size_t number) {
    Step step;
    step.pos = Reader::pos(t);
    const std::string what = fmt::format("[[step]] {}", number);
    m_r.check_keys(t, "[[step]]", {"title", "say", "ask", "choices", "answer", "explain", "do",
                                   "until", "highlight", "check", "exercise"});
    if (auto v = m_r.text(t, "title", what, false)) step.title = *v;
    if (auto v = m_r.text(t, "say", what, false)) step.say = *v;
    load_question(t, step, what);
    if (const auto* list = m_r.array(t, "do", what, false)) {
        for (const auto& node : *list) {
            const auto* action = node.as_table();
            if (!action) {
                m_r.error(Reader::pos(node), "each entry of \"do\" must be a table like "
                                             "{ device = \"laptop\", check_mail = true }");
                continue;
            }
            if (auto a = load_action(*action, false)) step.actions.push_back(std::move(*a));
        }
    }
    load_until(t, step, what);
    load_highlight(t, step, what);
    if (t.get("check")) {
        if (const auto* node = t.get("check"); node->is_string()) {
            if (auto c = load_check(*node, "a check")) step.checks.push_back(std::move(*c));
        } else if (const auto* list = m_r.array(t, "check", what, false)) {
            for (const auto& element : *list) {
                if (auto c = load_check(element, "a check")) step.checks.push_back(std::move(*c));
            }
        }
    }
    if (const auto* ex = m_r.table(t, "exercise", what, false)) step.exercise = load_exercise(*ex, what);
    if (step.say.value.empty() && !step.question && step.actions.empty() && !step.exercise) {
        m_r.error(step.pos, fmt::format("{} has nothing to show or do", what),
                  "give it at least one of say, ask, do or exercise");
    }
    m_spec.steps.push_back(std::move(step));
}

void LessonLoader::load_question(const toml::table& t, Step& step, const std::string& what) {
    const auto ask = m_r.text(t, "ask", what, false);
    const auto choices = m_r.texts(t, "choices", what, false);
    const auto answer = m_r.text(t, "answer", what, false);
    const auto explain = m_r.text(t, "explain", what, false);
    if (!ask) {
        for (const char* key : {"choices", "answer", "explain"}) {
            if (const auto* node = t.get(key)) {
                m_r.error(Reader::pos(*node), fmt::format("\"{}\" without a question", key),
                          "add ask = \"...\" to this step");
            }
        }
        return;
    }
    Question q;
    q.ask = *ask;
    for (const auto& c : choices) {
        for (const auto& earlier : q.choices) {
            if (earlier.value == c.value) {
                m_r.error(c.pos, fmt::format("choice \"{}\" is listed twice", c.value));
            }
        }
        q.choices.push_back(c);
    }
    if (answer) q.answer = *answer;
    if (explain) q.explain = *explain;
    if (!q.choices.empty() && !answer) {
        m_r.missing(t, "answer", what + " (it has choices)");
    } else if (!q.choices.empty()) {
        bool found = false;
        std::vector<std::string_view> names;
        for (const auto& c : q.choices) {
            found = found || c.value == answer->value;
            names.push_back(c.value);
        }
        if (!found) {
            const auto guess = closest(answer->value, names);
            m_r.error(answer->pos, fmt::format("answer \"{}\" is not one of the choices", answer->value),
                      guess.empty() ? "the answer must be written exactly as one of the choices"
                                    : fmt::format("did you mean {}?", guess));
        }
    }
    step.question = std::move(q);
}

void LessonLoader::load_until(const toml::table& t, Step& step, const std::string& what) {
    const auto text = m_r.text(t, "until", what, false);
    if (!text) return;
    step.until.text = *text;
    if (text->value == "idle") {
        step.until.kind = UntilKind::idle;
        return;
    }
    if (text->value.rfind("time", 0) == 0 && (text->value.size() == 4 || text->value[4] == ' ')) {
        const auto us = parse_time_offset(text->value);
        if (us <= 0) {
            m_r.error(text->pos, fmt::format("\"{}\" is not a time offset", text->value),
                      "write time +30s, time +5m or time +2h");
            return;
        }
        step.until.kind = UntilKind::time;
        step.until.duration_us = us;
        return;
    }
    if (auto check = load_check(*t.get("until"), "until")) {
        step.until.kind = UntilKind::condition;
        step.until.condition = std::move(check->expr);
    }
}

// mailbox:<device or address>, device:<device>, link:<link>, host:<server host>.
void LessonLoader::load_highlight(const toml::table& t, Step& step, const std::string& what) {
    for (auto& target : m_r.texts(t, "highlight", what, false)) {
        const auto colon = target.value.find(':');
        const std::string kind = target.value.substr(0, colon);
        const std::string name = colon == std::string::npos ? "" : target.value.substr(colon + 1);
        bool ok = false;
        if (kind == "mailbox") {
            ok = m_spec.find_device(name) || m_spec.find_account(name);
        } else if (kind == "device") {
            ok = m_spec.find_device(name) != nullptr;
        } else if (kind == "host") {
            for (const auto& d : m_spec.domains) ok = ok || d.host() == name;
        } else if (kind == "link") {
            for (const auto& d : m_spec.devices) ok = ok || name == d.id.value + "-isp";
            for (const auto& d : m_spec.domains) ok = ok || name == "isp-" + d.host();
        } else {
            m_r.error(target.pos, fmt::format("unknown highlight kind \"{}\"", kind),
                      "write mailbox:<device or address>, device:<id>, link:<link> or host:<host>");
            continue;
        }
        if (!ok) {
            m_r.error(target.pos, fmt::format("highlight \"{}\" names nothing in this lesson",
                                              target.value),
                      kind == "link" ? "links are <device>-isp and isp-mail.<domain>"
                                     : "use a device id, an account address or a server host");
            continue;
        }
        step.highlight.push_back(std::move(target));
    }
}

std::optional<Exercise> LessonLoader::load_exercise(const toml::table& t, const std::string& what) {
    const std::string inner = what + " exercise";
    m_r.check_keys(t, "exercise", {"device", "setting", "goal"});
    Exercise ex;
    ex.pos = Reader::pos(t);
    const auto device = m_r.text(t, "device", inner, true);
    const auto setting = m_r.text(t, "setting", inner, true);
    const auto* goal = t.get("goal");
    if (!goal) m_r.missing(t, "goal", inner);
    if (!device || !setting || !goal) return std::nullopt;
    ex.device = *device;
    ex.setting = *setting;
    if (!device_ref(*device)) return std::nullopt;
    if (!check_setting(*setting, *device)) return std::nullopt;
    auto check = load_check(*goal, "goal");
    if (!check) return std::nullopt;
    ex.goal = std::move(*check);
    return ex;
}

const Device* LessonLoader::device_ref(const LString& id) {
    if (const auto* d = m_spec.find_device(id.value)) return d;
    std::vector<std::string_view> names;
    for (const auto& d : m_spec.devices) names.push_back(d.id.value);
    const auto guess = closest(id.value, names);
    m_r.error(id.pos, fmt::format("no device \"{}\"", id.value),
              guess.empty() ? "define it with a [[device]] table" : fmt::format("did you mean {}?", guess));
    return nullptr;
}

// The setting must exist (setting_paths) and the device must have that group of settings.
bool LessonLoader::check_setting(const LString& setting, const LString& device) {
    std::vector<std::string_view> names;
    for (const auto& p : setting_paths()) {
        if (p.path == setting.value) {
            const auto* d = m_spec.find_device(device.value);
            const bool needs_in = setting.value.rfind("incoming.", 0) == 0;
            const bool needs_out = setting.value.rfind("outgoing.", 0) == 0;
            if (d && ((needs_in && !d->incoming) || (needs_out && !d->outgoing))) {
                m_r.error(setting.pos, fmt::format("device \"{}\" has no {} settings", device.value,
                                                   needs_in ? "incoming" : "outgoing"));
                return false;
            }
            return true;
        }
        names.push_back(p.path);
    }
    const auto guess = closest(setting.value, names);
    m_r.error(setting.pos, fmt::format("unknown setting \"{}\"", setting.value),
              guess.empty() ? "settings are incoming.<key>, outgoing.<key> and password"
                            : fmt::format("did you mean {}?", guess));
    return false;
}

}  // namespace postlab::lesson::detail
