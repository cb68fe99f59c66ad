-- wrk script: posts answers as one signed-in member, each to a random question among the first
-- QUESTIONS ids (environment), the way the JavaScript form does (a server-function call).
local questions = tonumber(os.getenv("QUESTIONS") or "1000")
local cookie = os.getenv("COOKIE") or ""
local origin = os.getenv("ORIGIN") or "http://127.0.0.1"
local n = 0

wrk.method = "POST"
wrk.path = "/api/post_answer"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = cookie
wrk.headers["Origin"] = origin
wrk.headers["Accept"] = "application/json"

request = function()
  n = n + 1
  local id = math.random(1, questions)
  local body = "question_id=" .. id .. "&lang=en&body=Benchmark+answer+" .. n ..
    "%3A+ask+the+umbrella+organisation+for+their+template+first."
  return wrk.format(nil, nil, nil, body)
end

-- Refusals other than a closed question (2 % of the generated questions) are reported.
local reported = 0
response = function(status, headers, body)
  if status ~= 200 and not body:find("QuestionClosed") and reported < 3 then
    reported = reported + 1
    io.stderr:write("answer refused: " .. status .. " " .. body:sub(1, 200) .. "\n")
  end
end
