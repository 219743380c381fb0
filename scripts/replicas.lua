-- replicas.lua: the mixed read/write load of scripts/replicas.sh, for wrk.
--
-- wrk -s scripts/replicas.lua URL -- COOKIE EMAIL PASSWORD CHAIRS ARTICLE
--   COOKIE    a member's session cookie ("name=value"), for the writes
--   EMAIL, PASSWORD  that member's login, for the logins
--   CHAIRS    comma-separated chair slugs: the cached pages' chairs
--   ARTICLE   an article's path
--
-- Per 1,000 requests: 600 cached pages (120 home, 120 catalog, 180 chair,
-- 90 compare, 90 article), 200 catalog filters with a random price cap
-- (almost every one a cache miss), 100 searches (pages and API), 60 chair
-- API answers, 10 finder API calls, 10 logins, 10 spec submissions (a write
-- through the JSON API) and 10 brand lists. Every request is valid: any answer other
-- than 2xx/3xx is an error. Requests are built in request(), after wrk has
-- set the Host header (a request built at the top level would have none).

local cookie, email, password, chairs, article

function init(args)
	cookie, email, password, article = args[1], args[2], args[3], args[5]
	chairs = {}
	for slug in string.gmatch(args[4], "[^,]+") do
		chairs[#chairs + 1] = slug
	end
	math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

local words = { "zero gravity", "heat", "4d", "recliner", "brand", "foot rollers", "model" }
local finder = '{"height_cm": 170, "weight_kg": 70, "budget_php": 150000, "region": "ncr", "goals": ["lower_back"]}'
local json = { ["Content-Type"] = "application/json" }

local function form(body)
	return { ["Content-Type"] = "application/x-www-form-urlencoded" }, body
end

function request()
	local r = math.random(1000)
	local chair = chairs[math.random(#chairs)]
	if r <= 120 then
		return wrk.format("GET", "/")
	elseif r <= 240 then
		return wrk.format("GET", "/chairs")
	elseif r <= 420 then
		return wrk.format("GET", "/chairs/" .. chair)
	elseif r <= 510 then
		return wrk.format("GET", "/compare?chairs=" .. chairs[1] .. "," .. chairs[2])
	elseif r <= 600 then
		return wrk.format("GET", article)
	elseif r <= 800 then
		return wrk.format("GET", "/chairs?max_price=" .. math.random(50000, 900000) .. "&sort=price_asc")
	elseif r <= 850 then
		return wrk.format("GET", "/search?q=" .. words[math.random(#words)]:gsub(" ", "+"))
	elseif r <= 900 then
		return wrk.format("GET", "/api/v1/search?q=" .. words[math.random(#words)]:gsub(" ", "+") .. "&max_price=" .. math.random(50000, 900000))
	elseif r <= 960 then
		return wrk.format("GET", "/api/v1/chairs/" .. chair)
	elseif r <= 970 then
		return wrk.format("POST", "/api/v1/finder", json, finder)
	elseif r <= 980 then
		local h, body = form("email=" .. email .. "&password=" .. password)
		return wrk.format("POST", "/login", h, body)
	elseif r <= 990 then
		return wrk.format("POST", "/api/v1/chairs/" .. chair .. "/submissions",
			{ ["Content-Type"] = "application/json", ["Cookie"] = cookie },
			'{"field": "airbags", "value": "' .. math.random(10, 60) .. '", "how": "measured"}')
	else
		return wrk.format("GET", "/api/v1/chairs?brand=brand-0" .. math.random(1, 9) .. "&per_page=10")
	end
end

-- Failed answers are counted by status, with the first body of each, and
-- reported when the run ends: wrk itself only counts them. (Globals: done()
-- reads them with thread:get.)
local threads = {}

function setup(thread)
	threads[#threads + 1] = thread
end

failed, bodies = {}, {}

function response(status, headers, body)
	if status >= 400 then
		failed[status] = (failed[status] or 0) + 1
		bodies[status] = bodies[status] or string.sub(body or "", 1, 300):gsub("%s+", " ")
	end
end

function done(summary, latency, requests)
	for _, t in ipairs(threads) do
		local bodies = t:get("bodies")
		for status, n in pairs(t:get("failed")) do
			io.stderr:write(string.format("status %d: %d, e.g. %s\n", status, n, bodies[status]))
		end
	end
end
