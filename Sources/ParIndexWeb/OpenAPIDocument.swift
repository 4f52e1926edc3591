/// The OpenAPI 3.1 description of `/api/v1`, served at `GET /api/v1/openapi.json`. Kept in step with the
/// router by `OpenAPITests` (every route documented, nothing documented that does not exist).
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "ParIndex API",
            "version": "1.0.0",
            "description": "Chỉ số cải cách hành chính (PAR Index) — API JSON. ParIndex JSON API for Vietnam's administrative-reform index."
          },
          "servers": [{"url": "/"}],
          "tags": [
            {"name": "admin", "description": "Bộ tiêu chí, khối, đơn vị, người dùng / frameworks, blocks, units, users, tokens"},
            {"name": "session", "description": "Đăng nhập trình duyệt / browser sign-in: cookie session plus CSRF token"},
            {"name": "cycles", "description": "Kỳ đánh giá / cycles: phases, deadlines, reviewer assignments, extensions"},
            {"name": "assessment", "description": "Tự đánh giá, tài liệu kiểm chứng / self-assessment, evidence, submission"},
            {"name": "review", "description": "Thẩm định, giải trình / appraisal, questions, answers, settlement"},
            {"name": "results", "description": "Điều tra xã hội học, công bố kết quả / survey import, publication, public results"},
            {"name": "operations", "description": "Audit chain, this document, health and metrics"}
          ],
          "security": [{"bearer": []}, {"cookieAuth": []}],
          "paths": {
            "/api/v1/frameworks": {
              "post": {
                "operationId": "importFramework",
                "summary": "Import a framework (bộ tiêu chí)",
                "tags": ["admin"],
                "description": "An invalid tree is answered with 422 naming the node path in `details`.",
                "parameters": [{"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "description": "The framework document as JSON or YAML (same shape, DESIGN.md).",
                  "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/FrameworkDocument"}},
                    "application/yaml": {"schema": {"type": "string", "description": "YAML text of a framework document"}}
                  }
                },
                "responses": {
                  "201": {
                    "description": "Framework stored",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FrameworkImported"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "413": {"$ref": "#/components/responses/E413"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/frameworks/{code}/{version}": {
              "get": {
                "operationId": "getFramework",
                "summary": "A stored framework tree",
                "tags": ["admin"],
                "parameters": [{"$ref": "#/components/parameters/code"}, {"$ref": "#/components/parameters/version"}],
                "responses": {
                  "200": {
                    "description": "The framework document",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FrameworkDocument"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "404": {"$ref": "#/components/responses/E404"}
                }
              }
            },
            "/api/v1/blocks/{code}": {
              "put": {
                "operationId": "putBlock",
                "summary": "Create or rename a block (khối)",
                "tags": ["admin"],
                "parameters": [{"$ref": "#/components/parameters/code"}, {"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}},
                        "additionalProperties": false
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The block",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Block"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/blocks": {
              "get": {
                "operationId": "listBlocks",
                "summary": "All blocks",
                "tags": ["admin"],
                "responses": {
                  "200": {
                    "description": "Blocks",
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Block"}}}}
                  },
                  "401": {"$ref": "#/components/responses/E401"}
                }
              }
            },
            "/api/v1/units/{code}": {
              "put": {
                "operationId": "putUnit",
                "summary": "Create or update a unit (đơn vị)",
                "tags": ["admin"],
                "parameters": [{"$ref": "#/components/parameters/code"}, {"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "required": ["name", "block"],
                        "properties": {"name": {"type": "string"}, "block": {"type": "string"}},
                        "additionalProperties": false
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The unit",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/units": {
              "get": {
                "operationId": "listUnits",
                "summary": "All units, in Vietnamese alphabetical order",
                "tags": ["admin"],
                "responses": {
                  "200": {
                    "description": "Units",
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}}}
                  },
                  "401": {"$ref": "#/components/responses/E401"}
                }
              }
            },
            "/api/v1/users": {
              "post": {
                "operationId": "createUser",
                "summary": "Create a user",
                "tags": ["admin"],
                "parameters": [{"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserInput"}}}
                },
                "responses": {
                  "201": {
                    "description": "User created",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              },
              "get": {
                "operationId": "listUsers",
                "summary": "All users",
                "tags": ["admin"],
                "responses": {
                  "200": {
                    "description": "Users",
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}
                  },
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"}
                }
              }
            },
            "/api/v1/users/{username}/tokens": {
              "post": {
                "operationId": "createToken",
                "summary": "Create a bearer token for a user",
                "tags": ["admin"],
                "parameters": [{"$ref": "#/components/parameters/username"}, {"$ref": "#/components/parameters/csrfToken"}],
                "responses": {
                  "201": {
                    "description": "The token, shown once",
                    "content": {
                      "application/json": {
                        "schema": {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}}
                      }
                    }
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"}
                }
              }
            },
            "/api/v1/session": {
              "post": {
                "operationId": "createSession",
                "summary": "Sign in (browser session)",
                "tags": ["session"],
                "description": "Unknown user, wrong password and a locked account (5 failures in 15 min lock it for 15 min) all get the same 401; too many refused sign-ins from one client address get 429 with Retry-After. An empty or missing field, or one not listed, is 422.",
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {
                          "username": {"type": "string"},
                          "password": {"type": "string", "format": "password"},
                          "totp": {"type": "string", "maxLength": 16, "description": "Current TOTP code, for admins and reviewers who enrolled"}
                        },
                        "additionalProperties": false
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Signed in; the session cookie is set",
                    "headers": {
                      "Set-Cookie": {
                        "description": "`__Host-parindex_session=…; Path=/; Secure; HttpOnly; SameSite=Lax`",
                        "schema": {"type": "string"}
                      }
                    },
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionInfo"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "413": {"$ref": "#/components/responses/E413"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"},
                  "429": {"$ref": "#/components/responses/E429"}
                },
                "security": []
              },
              "delete": {
                "operationId": "deleteSession",
                "summary": "Sign out",
                "tags": ["session"],
                "description": "Safe to call without a session. With a session cookie, send `X-CSRF-Token`.",
                "responses": {
                  "204": {"description": "Signed out; the cookie is cleared"},
                  "403": {"$ref": "#/components/responses/E403"}
                },
                "security": []
              }
            },
            "/api/v1/cycles": {
              "post": {
                "operationId": "createCycle",
                "summary": "Create a cycle (kỳ đánh giá)",
                "tags": ["cycles"],
                "parameters": [{"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CycleInput"}}}
                },
                "responses": {
                  "201": {
                    "description": "Cycle created",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CycleDetail"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              },
              "get": {
                "operationId": "listCycles",
                "summary": "Cycles the caller takes part in (all for admin and observer)",
                "tags": ["cycles"],
                "responses": {
                  "200": {
                    "description": "Cycles",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/CycleSummary"}}}
                    }
                  },
                  "401": {"$ref": "#/components/responses/E401"}
                }
              }
            },
            "/api/v1/cycles/{cycle}": {
              "get": {
                "operationId": "getCycle",
                "summary": "One cycle with its units and progress",
                "tags": ["cycles"],
                "parameters": [{"$ref": "#/components/parameters/cycle"}],
                "responses": {
                  "200": {
                    "description": "The cycle; a unit sees only itself in `units`",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CycleDetail"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/phase": {
              "post": {
                "operationId": "moveCyclePhase",
                "summary": "Move the cycle to its next phase",
                "tags": ["cycles"],
                "description": "Phases move forward one step at a time; an illegal move is 409.",
                "parameters": [{"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "required": ["phase"],
                        "properties": {"phase": {"$ref": "#/components/schemas/Phase"}},
                        "additionalProperties": false
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The cycle in its new phase",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CycleSummary"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/reviewers/{username}": {
              "put": {
                "operationId": "assignReviewer",
                "summary": "Set the units a reviewer appraises",
                "tags": ["cycles"],
                "description": "A reviewer who belongs to a unit can never be assigned to it (422).",
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/username"},
                  {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "required": ["units"],
                        "properties": {"units": {"type": "array", "items": {"type": "string"}}},
                        "additionalProperties": false
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The assignment",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReviewerAssignment"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/assessment": {
              "get": {
                "operationId": "getAssessment",
                "summary": "One unit's assessment (bản tự đánh giá)",
                "tags": ["assessment"],
                "parameters": [{"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"}],
                "responses": {
                  "200": {
                    "description": "The assessment",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}": {
              "put": {
                "operationId": "putSelfEntry",
                "summary": "Enter the unit's self score for a leaf",
                "tags": ["assessment"],
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/criterion"}, {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfEntry"}}}
                },
                "responses": {
                  "200": {
                    "description": "The item",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}/evidence": {
              "post": {
                "operationId": "addEvidence",
                "summary": "Attach evidence (tài liệu kiểm chứng)",
                "tags": ["assessment"],
                "description": "Files outside the allow-list are 415; too large, or over the unit's quota, is 413.",
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/criterion"}, {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "multipart/form-data": {
                      "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1}}
                      },
                      "encoding": {"file": {"contentType": "application/octet-stream"}}
                    },
                    "application/json": {"schema": {"$ref": "#/components/schemas/DocumentReference"}}
                  }
                },
                "responses": {
                  "201": {
                    "description": "Evidence stored",
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "413": {"$ref": "#/components/responses/E413"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/evidence/{id}": {
              "get": {
                "operationId": "getEvidence",
                "summary": "Download an evidence file",
                "tags": ["assessment"],
                "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {
                  "200": {
                    "headers": {"Content-Disposition": {"description": "Always `attachment`", "schema": {"type": "string"}}},
                    "description": "The bytes, with the type found when they were uploaded (extension and magic bytes agree)",
                    "content": {
                      "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}},
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
                      "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"schema": {"type": "string", "format": "binary"}},
                      "application/vnd.oasis.opendocument.text": {"schema": {"type": "string", "format": "binary"}},
                      "application/vnd.oasis.opendocument.spreadsheet": {"schema": {"type": "string", "format": "binary"}},
                      "application/msword": {"schema": {"type": "string", "format": "binary"}},
                      "application/vnd.ms-excel": {"schema": {"type": "string", "format": "binary"}},
                      "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                      "image/png": {"schema": {"type": "string", "format": "binary"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "404": {"$ref": "#/components/responses/E404"}
                }
              },
              "delete": {
                "operationId": "deleteEvidence",
                "summary": "Remove evidence before submission (kept in the ledger)",
                "tags": ["assessment"],
                "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/csrfToken"}],
                "responses": {
                  "204": {"description": "Removed"},
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/submit": {
              "post": {
                "operationId": "submitAssessment",
                "summary": "Submit the self-assessment and seal its manifest",
                "tags": ["assessment"],
                "description": "Missing required evidence is 422 listing the leaves. An admin may submit on behalf of a unit at any time from self-assessment until publication, with a reason (422 without one); the receipt is marked on behalf, and late after the unit's deadline.",
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": false,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": {"reason": {"type": "string", "maxLength": 1000, "description": "Required when an admin submits on behalf of the unit"}}
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Submitted",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubmitResult"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/receipt": {
              "get": {
                "operationId": "getReceipt",
                "summary": "The sealed submission manifest",
                "tags": ["assessment"],
                "parameters": [{"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"}],
                "responses": {
                  "200": {
                    "description": "The manifest; its canonical JSON hashes to the receipt's sha256",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Manifest"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}/appraisal": {
              "put": {
                "operationId": "appraiseItem",
                "summary": "Appraise a leaf (điểm thẩm định)",
                "tags": ["review"],
                "description": "`note` is required when the appraised points differ from the self points.",
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/criterion"}, {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Appraisal"}}}
                },
                "responses": {
                  "200": {
                    "description": "The item",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}/questions": {
              "post": {
                "operationId": "askQuestion",
                "summary": "Ask the unit to explain (yêu cầu giải trình)",
                "tags": ["review"],
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/criterion"}, {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageInput"}}}
                },
                "responses": {
                  "201": {
                    "description": "Question recorded",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}/answers": {
              "post": {
                "operationId": "answerQuestion",
                "summary": "Answer an open question (giải trình)",
                "tags": ["review"],
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/criterion"}, {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageInput"}}}
                },
                "responses": {
                  "201": {
                    "description": "Answer recorded",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}/settle": {
              "post": {
                "operationId": "settleItem",
                "summary": "Settle an item with final points",
                "tags": ["review"],
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/criterion"}, {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Settlement"}}}
                },
                "responses": {
                  "200": {
                    "description": "The item with `final`",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/units/{unit}/extension": {
              "post": {
                "operationId": "grantExtension",
                "summary": "Grant one unit a deadline extension",
                "tags": ["cycles"],
                "parameters": [
                  {"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/unit"},
                  {"$ref": "#/components/parameters/csrfToken"}
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object",
                        "required": ["until", "reason"],
                        "properties": {"until": {"type": "string", "format": "date-time"}, "reason": {"type": "string"}},
                        "additionalProperties": false
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Extension recorded",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Extension"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/survey": {
              "post": {
                "operationId": "importSurvey",
                "summary": "Import survey points (điều tra xã hội học)",
                "tags": ["results"],
                "description": "Any bad row is 422 listing the row numbers, and nothing is imported.",
                "parameters": [{"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/csrfToken"}],
                "requestBody": {
                  "required": true,
                  "content": {
                    "text/csv": {"schema": {"type": "string", "description": "CSV with header `unit,criterion,points`"}},
                    "application/json": {"schema": {"$ref": "#/components/schemas/SurveyRows"}}
                  }
                },
                "responses": {
                  "200": {
                    "description": "Rows imported",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "required": ["imported"],
                          "properties": {"imported": {"type": "integer", "minimum": 0}}
                        }
                      }
                    }
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"},
                  "413": {"$ref": "#/components/responses/E413"},
                  "415": {"$ref": "#/components/responses/E415"},
                  "422": {"$ref": "#/components/responses/E422"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/publish": {
              "post": {
                "operationId": "publishCycle",
                "summary": "Publish the results (công bố kết quả)",
                "tags": ["results"],
                "description": "Refused with 409, listing what is unsettled, unless the cycle is in final_review with every item settled.",
                "parameters": [{"$ref": "#/components/parameters/cycle"}, {"$ref": "#/components/parameters/csrfToken"}],
                "responses": {
                  "201": {
                    "description": "Published",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Publication"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"},
                  "409": {"$ref": "#/components/responses/E409"}
                }
              }
            },
            "/api/v1/cycles/{cycle}/results": {
              "get": {
                "operationId": "getResults",
                "summary": "Published results and rankings by block",
                "tags": ["results"],
                "description": "404 until the cycle is published.",
                "parameters": [{"$ref": "#/components/parameters/cycle"}],
                "responses": {
                  "200": {
                    "description": "The published snapshot",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}}
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "404": {"$ref": "#/components/responses/E404"}
                },
                "security": []
              }
            },
            "/api/v1/cycles/{cycle}/results.csv": {
              "get": {
                "operationId": "getResultsCsv",
                "summary": "Published ranking table as CSV",
                "tags": ["results"],
                "parameters": [{"$ref": "#/components/parameters/cycle"}],
                "responses": {
                  "200": {"description": "The ranking table", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "400": {"$ref": "#/components/responses/E400"},
                  "404": {"$ref": "#/components/responses/E404"}
                },
                "security": []
              }
            },
            "/api/v1/cycles/{cycle}/results.xlsx": {
              "get": {
                "operationId": "getResultsXlsx",
                "summary": "Published ranking table as XLSX",
                "tags": ["results"],
                "parameters": [{"$ref": "#/components/parameters/cycle"}],
                "responses": {
                  "200": {
                    "description": "The ranking table",
                    "content": {
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                      }
                    }
                  },
                  "400": {"$ref": "#/components/responses/E400"},
                  "404": {"$ref": "#/components/responses/E404"}
                },
                "security": []
              }
            },
            "/api/v1/audit/verify": {
              "get": {
                "operationId": "verifyAudit",
                "summary": "Recompute the audit hash chain",
                "tags": ["operations"],
                "responses": {
                  "200": {
                    "description": "The check's result",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditVerification"}}}
                  },
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"}
                }
              }
            },
            "/api/v1/openapi.json": {
              "get": {
                "operationId": "getOpenApiDocument",
                "summary": "This document",
                "tags": ["operations"],
                "responses": {
                  "200": {"description": "The OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}
                },
                "security": []
              }
            },
            "/healthz": {
              "get": {
                "operationId": "getHealth",
                "summary": "Liveness check",
                "tags": ["operations"],
                "responses": {
                  "200": {"description": "The process can serve", "content": {"text/plain": {"schema": {"type": "string"}}}}
                },
                "security": []
              }
            },
            "/metrics": {
              "get": {
                "operationId": "getMetrics",
                "summary": "Prometheus metrics (operator; exposure set in configuration)",
                "tags": ["operations"],
                "description": "Admins only; 404 when the configuration turns metrics off.",
                "responses": {
                  "200": {
                    "description": "Prometheus text exposition format",
                    "content": {"text/plain": {"schema": {"type": "string"}}}
                  },
                  "401": {"$ref": "#/components/responses/E401"},
                  "403": {"$ref": "#/components/responses/E403"},
                  "404": {"$ref": "#/components/responses/E404"}
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "Token from `parindex token create` or `POST /api/v1/users/{username}/tokens`"
              },
              "cookieAuth": {
                "type": "apiKey",
                "in": "cookie",
                "name": "__Host-parindex_session",
                "description": "Browser session from `POST /api/v1/session`; writes must also send the `X-CSRF-Token` header"
              }
            },
            "parameters": {
              "code": {
                "name": "code",
                "in": "path",
                "required": true,
                "description": "A code chosen by the admin (framework `par-hanoi-district`, block `DISTRICT`, unit `CAUGIAY`)",
                "schema": {"type": "string", "maxLength": 128},
                "example": "par-hanoi-district"
              },
              "version": {
                "name": "version",
                "in": "path",
                "required": true,
                "description": "Framework version, e.g. `2026`",
                "schema": {"type": "string", "maxLength": 128},
                "example": "2026"
              },
              "username": {
                "name": "username",
                "in": "path",
                "required": true,
                "description": "A username",
                "schema": {"type": "string", "maxLength": 128},
                "example": "thamdinh"
              },
              "cycle": {
                "name": "cycle",
                "in": "path",
                "required": true,
                "description": "Cycle code, e.g. `2026`",
                "schema": {"type": "string", "maxLength": 128},
                "example": "2026"
              },
              "unit": {
                "name": "unit",
                "in": "path",
                "required": true,
                "description": "Unit code, e.g. `CAUGIAY`",
                "schema": {"type": "string", "maxLength": 128},
                "example": "CAUGIAY"
              },
              "criterion": {
                "name": "criterion",
                "in": "path",
                "required": true,
                "description": "Leaf criterion code, e.g. `1.1.1`",
                "schema": {"type": "string", "maxLength": 128, "pattern": "^[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*$"},
                "example": "1.1.1"
              },
              "id": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Evidence id",
                "schema": {"type": "string", "maxLength": 128}
              },
              "csrfToken": {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": false,
                "schema": {"type": "string"},
                "description": "Required on writes authenticated by the session cookie (the `csrfToken` from sign-in)"
              }
            },
            "responses": {
              "E400": {
                "description": "Malformed request",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E401": {
                "description": "Not signed in",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E403": {
                "description": "Signed in but not allowed",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E404": {
                "description": "Not found (also another unit's objects)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E409": {
                "description": "Wrong phase, stale version, or already done",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E413": {
                "description": "Too large",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E415": {
                "description": "Media type or file type not allowed",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E422": {
                "description": "A rule says no",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "E429": {
                "description": "Too many tries; try later",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            },
            "schemas": {
              "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                      "code": {"type": "string", "pattern": "^[a-z0-9]+(_[a-z0-9]+)*$"},
                      "message": {"type": "string"},
                      "details": {"type": "object"}
                    }
                  }
                },
                "description": "Every error: a snake_case code, a human sentence (Vietnamese), optional details."
              },
              "Points": {
                "type": "number",
                "multipleOf": 0.01,
                "description": "Decimal points with at most 2 places; the server stores hundredths exactly."
              },
              "PointsInput": {
                "type": "number",
                "multipleOf": 0.01,
                "minimum": 0,
                "description": "Decimal points with at most 2 places; the server stores hundredths exactly. Above max is 422."
              },
              "Sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
              "Role": {"type": "string", "enum": ["admin", "reviewer", "unit", "observer"]},
              "Phase": {
                "type": "string",
                "enum": ["setup", "self_assessment", "appraisal", "explanation", "final_review", "published"]
              },
              "RuleKind": {
                "type": "string",
                "enum": ["scale", "choice", "ratio_tiers", "ratio_linear", "bonus", "deduction", "survey"]
              },
              "ItemState": {"type": "string", "enum": ["unreviewed", "agreed", "adjusted", "question_open", "answered", "settled"]},
              "Disposition": {"type": "string", "enum": ["accepted", "partly_accepted", "rejected"]},
              "AssessmentStatus": {"type": "string", "enum": ["draft", "submitted"]},
              "FrameworkImported": {
                "type": "object",
                "required": ["code", "version", "contentSha256", "leaves", "maxPoints"],
                "properties": {
                  "code": {"type": "string"},
                  "version": {"type": "string"},
                  "contentSha256": {"$ref": "#/components/schemas/Sha256"},
                  "leaves": {"type": "integer", "minimum": 0},
                  "maxPoints": {"$ref": "#/components/schemas/Points"}
                }
              },
              "FrameworkDocument": {
                "type": "object",
                "required": ["code", "version", "title", "nodes"],
                "properties": {
                  "code": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                  "version": {"type": "string"},
                  "title": {"type": "string"},
                  "source": {"type": "string"},
                  "capAt100": {"type": "boolean"},
                  "bands": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["label", "atLeast"],
                      "properties": {"label": {"type": "string"}, "atLeast": {"type": "number"}}
                    }
                  },
                  "nodes": {"type": "array", "items": {"$ref": "#/components/schemas/FrameworkNode"}, "minItems": 1}
                },
                "description": "A criteria framework (bộ tiêu chí), as in DESIGN.md."
              },
              "FrameworkNode": {
                "type": "object",
                "required": ["code", "title"],
                "properties": {
                  "code": {"type": "string", "pattern": "^[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*$"},
                  "title": {"type": "string"},
                  "guidance": {"type": "string"},
                  "children": {"type": "array", "items": {"$ref": "#/components/schemas/FrameworkNode"}, "minItems": 1},
                  "max": {"$ref": "#/components/schemas/PointsInput"},
                  "evidence": {"type": "string", "enum": ["required", "optional", "none"], "default": "optional"},
                  "applicability": {"type": "string", "enum": ["always", "may_be_na"], "default": "always"},
                  "source": {"type": "string", "enum": ["self", "survey"], "default": "self"},
                  "rule": {"$ref": "#/components/schemas/Rule"}
                },
                "description": "A group (with `children`) or a leaf (with `max` and `rule`).",
                "oneOf": [{"required": ["children"]}, {"required": ["max", "rule"]}]
              },
              "Rule": {
                "description": "How a leaf is scored; see the rule kinds in DESIGN.md.",
                "oneOf": [
                  {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"const": "scale"}, "step": {"$ref": "#/components/schemas/Points"}}
                  },
                  {
                    "type": "object",
                    "required": ["kind", "options"],
                    "properties": {
                      "kind": {"const": "choice"},
                      "options": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["label", "points"],
                          "properties": {"label": {"type": "string"}, "points": {"$ref": "#/components/schemas/Points"}}
                        },
                        "minItems": 1
                      }
                    }
                  },
                  {
                    "type": "object",
                    "required": ["kind", "tiers"],
                    "properties": {
                      "kind": {"const": "ratio_tiers"},
                      "numerator": {"type": "string"},
                      "denominator": {"type": "string"},
                      "tiers": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["atLeast", "points"],
                          "properties": {"atLeast": {"type": "number"}, "points": {"$ref": "#/components/schemas/Points"}}
                        },
                        "minItems": 1
                      }
                    }
                  },
                  {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                      "kind": {"const": "ratio_linear"},
                      "numerator": {"type": "string"},
                      "denominator": {"type": "string"}
                    }
                  },
                  {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"const": "bonus"}, "step": {"$ref": "#/components/schemas/Points"}}
                  },
                  {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"const": "deduction"}, "step": {"$ref": "#/components/schemas/Points"}}
                  },
                  {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "survey"}}}
                ]
              },
              "Block": {
                "type": "object",
                "required": ["code", "name"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}}
              },
              "Unit": {
                "type": "object",
                "required": ["code", "name", "block"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "block": {"type": "string"}}
              },
              "User": {
                "type": "object",
                "required": ["username", "name", "role", "unit", "disabled"],
                "properties": {
                  "username": {"type": "string"},
                  "name": {"type": "string"},
                  "role": {"$ref": "#/components/schemas/Role"},
                  "unit": {"type": ["string", "null"]},
                  "disabled": {"type": "boolean"}
                }
              },
              "UserInput": {
                "type": "object",
                "required": ["username", "name", "role", "password"],
                "properties": {
                  "username": {"type": "string"},
                  "name": {"type": "string"},
                  "role": {"$ref": "#/components/schemas/Role"},
                  "unit": {"type": ["string", "null"]},
                  "password": {"type": "string", "format": "password", "minLength": 8}
                },
                "additionalProperties": false,
                "description": "`unit` is the user's own unit (required for role `unit`)."
              },
              "SessionInfo": {
                "type": "object",
                "required": ["username", "name", "role", "unit", "csrfToken"],
                "properties": {
                  "username": {"type": "string"},
                  "name": {"type": "string"},
                  "role": {"$ref": "#/components/schemas/Role"},
                  "unit": {"type": ["string", "null"]},
                  "csrfToken": {"type": "string", "description": "Send as `X-CSRF-Token` on cookie-authenticated writes"}
                }
              },
              "FrameworkRef": {
                "type": "object",
                "required": ["code", "version", "contentSha256"],
                "properties": {
                  "code": {"type": "string"},
                  "version": {"type": "string"},
                  "contentSha256": {"$ref": "#/components/schemas/Sha256"}
                }
              },
              "Deadlines": {
                "type": "object",
                "required": ["selfAssessment", "appraisal", "explanation", "finalReview"],
                "properties": {
                  "selfAssessment": {"type": "string", "format": "date-time"},
                  "appraisal": {"type": "string", "format": "date-time"},
                  "explanation": {"type": "string", "format": "date-time"},
                  "finalReview": {"type": "string", "format": "date-time"}
                }
              },
              "CycleInput": {
                "type": "object",
                "required": ["code", "name", "year", "framework", "units", "deadlines"],
                "properties": {
                  "code": {"type": "string"},
                  "name": {"type": "string"},
                  "year": {"type": "integer"},
                  "framework": {
                    "type": "object",
                    "required": ["code", "version"],
                    "properties": {"code": {"type": "string"}, "version": {"type": "string"}},
                    "additionalProperties": false
                  },
                  "units": {"type": "array", "items": {"type": "string"}},
                  "deadlines": {
                    "type": "object",
                    "required": ["selfAssessment", "appraisal", "explanation", "finalReview"],
                    "properties": {
                      "selfAssessment": {"type": "string", "format": "date-time"},
                      "appraisal": {"type": "string", "format": "date-time"},
                      "explanation": {"type": "string", "format": "date-time"},
                      "finalReview": {"type": "string", "format": "date-time"}
                    },
                    "additionalProperties": false
                  }
                },
                "additionalProperties": false
              },
              "CycleSummary": {
                "type": "object",
                "required": ["code", "name", "year", "phase", "framework"],
                "properties": {
                  "code": {"type": "string"},
                  "name": {"type": "string"},
                  "year": {"type": "integer"},
                  "phase": {"$ref": "#/components/schemas/Phase"},
                  "framework": {"$ref": "#/components/schemas/FrameworkRef"}
                }
              },
              "CycleDetail": {
                "allOf": [
                  {"$ref": "#/components/schemas/CycleSummary"},
                  {
                    "type": "object",
                    "required": ["deadlines", "units", "progress"],
                    "properties": {
                      "deadlines": {"$ref": "#/components/schemas/Deadlines"},
                      "units": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "name", "block", "status"],
                          "properties": {
                            "code": {"type": "string"},
                            "name": {"type": "string"},
                            "block": {"type": "string"},
                            "status": {"$ref": "#/components/schemas/AssessmentStatus"}
                          }
                        }
                      },
                      "progress": {
                        "type": "object",
                        "required": ["submitted", "unsettled"],
                        "properties": {"submitted": {"type": "integer", "minimum": 0}, "unsettled": {"type": "integer", "minimum": 0}}
                      }
                    }
                  }
                ]
              },
              "ReviewerAssignment": {
                "type": "object",
                "required": ["username", "units"],
                "properties": {"username": {"type": "string"}, "units": {"type": "array", "items": {"type": "string"}}}
              },
              "RatioInputs": {
                "type": "object",
                "required": ["numerator", "denominator"],
                "properties": {"numerator": {"type": "integer", "minimum": 0}, "denominator": {"type": "integer", "minimum": 0}},
                "additionalProperties": false
              },
              "SelfEntry": {
                "type": "object",
                "properties": {
                  "points": {"$ref": "#/components/schemas/PointsInput"},
                  "choice": {"type": "integer", "minimum": 0, "description": "0-based index into the rule's options"},
                  "inputs": {"$ref": "#/components/schemas/RatioInputs"},
                  "notApplicable": {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {"reason": {"type": "string"}},
                    "additionalProperties": false
                  },
                  "note": {"type": "string"},
                  "version": {"type": "integer", "description": "The item's version as read; a stale one is 409"}
                },
                "additionalProperties": false,
                "description": "Send the entry that fits the leaf's rule kind (points, choice or inputs); the wrong shape is 422."
              },
              "Appraisal": {
                "type": "object",
                "properties": {
                  "points": {"$ref": "#/components/schemas/PointsInput"},
                  "choice": {"type": "integer", "minimum": 0, "description": "0-based index into the rule's options"},
                  "inputs": {"$ref": "#/components/schemas/RatioInputs"},
                  "note": {"type": "string"},
                  "version": {"type": "integer", "description": "The item's version as read; a stale one is 409"}
                },
                "additionalProperties": false,
                "description": "Same entry shapes as SelfEntry."
              },
              "MessageInput": {
                "type": "object",
                "required": ["message"],
                "properties": {"message": {"type": "string", "minLength": 1}},
                "additionalProperties": false
              },
              "Settlement": {
                "type": "object",
                "required": ["note", "disposition"],
                "properties": {
                  "points": {"$ref": "#/components/schemas/PointsInput"},
                  "note": {"type": "string"},
                  "disposition": {"$ref": "#/components/schemas/Disposition"}
                },
                "additionalProperties": false
              },
              "SelfValue": {
                "type": "object",
                "required": ["points", "note", "by", "at"],
                "properties": {
                  "points": {"anyOf": [{"$ref": "#/components/schemas/Points"}, {"type": "null"}]},
                  "choice": {"type": "integer", "minimum": 0},
                  "inputs": {"$ref": "#/components/schemas/RatioInputs"},
                  "note": {"type": ["string", "null"]},
                  "by": {"type": "string"},
                  "at": {"type": "string", "format": "date-time"}
                }
              },
              "AppraisalValue": {
                "type": "object",
                "required": ["points", "note", "by", "at"],
                "properties": {
                  "points": {"$ref": "#/components/schemas/Points"},
                  "choice": {"type": "integer", "minimum": 0},
                  "inputs": {"$ref": "#/components/schemas/RatioInputs"},
                  "note": {"type": ["string", "null"]},
                  "by": {"type": ["string", "null"]},
                  "at": {"type": "string", "format": "date-time"}
                },
                "description": "`by` is null when reviewer identities are hidden from units."
              },
              "FinalValue": {
                "type": "object",
                "required": ["points", "note", "disposition", "by", "at"],
                "properties": {
                  "points": {"$ref": "#/components/schemas/Points"},
                  "note": {"type": ["string", "null"]},
                  "disposition": {"anyOf": [{"$ref": "#/components/schemas/Disposition"}, {"type": "null"}]},
                  "by": {"type": ["string", "null"]},
                  "at": {"type": "string", "format": "date-time"}
                },
                "description": "`by` is null when reviewer identities are hidden from units."
              },
              "Item": {
                "type": "object",
                "required": [
                  "criterion", "title", "field", "kind", "max", "applicable", "naReason", "self", "appraisal", "final", "state",
                  "version", "evidence", "thread"
                ],
                "properties": {
                  "criterion": {"type": "string"},
                  "title": {"type": "string"},
                  "field": {"type": "string"},
                  "kind": {"$ref": "#/components/schemas/RuleKind"},
                  "max": {"$ref": "#/components/schemas/Points"},
                  "applicable": {"type": "boolean"},
                  "naReason": {"type": ["string", "null"]},
                  "self": {"anyOf": [{"$ref": "#/components/schemas/SelfValue"}, {"type": "null"}]},
                  "appraisal": {"anyOf": [{"$ref": "#/components/schemas/AppraisalValue"}, {"type": "null"}]},
                  "final": {"anyOf": [{"$ref": "#/components/schemas/FinalValue"}, {"type": "null"}]},
                  "state": {"$ref": "#/components/schemas/ItemState"},
                  "version": {"type": "integer"},
                  "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}},
                  "thread": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}
                }
              },
              "Evidence": {
                "type": "object",
                "required": ["id", "kind", "uploadedBy", "uploadedAt", "supplementary"],
                "properties": {
                  "id": {"type": "string"},
                  "kind": {"type": "string", "enum": ["file", "reference"]},
                  "filename": {"type": "string"},
                  "size": {"type": "integer", "minimum": 0},
                  "sha256": {"$ref": "#/components/schemas/Sha256"},
                  "contentType": {"type": "string"},
                  "title": {"type": "string"},
                  "documentNumber": {"type": "string"},
                  "issuedOn": {"type": "string", "format": "date"},
                  "url": {"type": "string", "pattern": "^https?://", "description": "Starts with http:// or https://; kept as the unit typed it"},
                  "uploadedBy": {"type": "string"},
                  "uploadedAt": {"type": "string", "format": "date-time"},
                  "supplementary": {"type": "boolean", "description": "Added during explanation"}
                }
              },
              "DocumentReference": {
                "type": "object",
                "required": ["title"],
                "properties": {
                  "title": {"type": "string", "minLength": 1},
                  "documentNumber": {"type": "string"},
                  "issuedOn": {"type": "string", "format": "date"},
                  "url": {"type": "string", "pattern": "^https?://", "description": "Starts with http:// or https://; kept as the unit typed it"}
                },
                "additionalProperties": false,
                "description": "A reference to an official document instead of a file."
              },
              "Message": {
                "type": "object",
                "required": ["id", "kind", "message", "by", "at"],
                "properties": {
                  "id": {"type": "integer"},
                  "kind": {"type": "string", "enum": ["question", "answer"]},
                  "message": {"type": "string"},
                  "by": {"type": ["string", "null"]},
                  "at": {"type": "string", "format": "date-time"}
                }
              },
              "Receipt": {
                "type": "object",
                "required": ["sha256", "submittedAt", "items", "files"],
                "properties": {
                  "sha256": {"$ref": "#/components/schemas/Sha256"},
                  "submittedAt": {"type": "string", "format": "date-time"},
                  "items": {"type": "integer", "minimum": 0},
                  "files": {"type": "integer", "minimum": 0}
                }
              },
              "SubmitResult": {
                "type": "object",
                "required": ["status", "receipt"],
                "properties": {"status": {"const": "submitted"}, "receipt": {"$ref": "#/components/schemas/Receipt"}}
              },
              "Manifest": {
                "type": "object",
                "properties": {
                  "cycle": {"type": "string"},
                  "unit": {"type": "string"},
                  "framework": {"$ref": "#/components/schemas/FrameworkRef"},
                  "submittedAt": {"type": "string", "format": "date-time"},
                  "submittedBy": {"type": "string"},
                  "late": {"type": "boolean"},
                  "onBehalf": {"type": "boolean", "description": "Present and true when an admin submitted for the unit"},
                  "reason": {"type": "string", "description": "Why an admin submitted for the unit"},
                  "supersedes": {"type": "string", "description": "SHA-256 of the reopened or withdrawn receipt this one replaces"},
                  "items": {"type": "array", "items": {"type": "object"}, "description": "Every self entry"},
                  "files": {"type": "array", "items": {"type": "object"}, "description": "Every evidence file with its SHA-256"}
                },
                "additionalProperties": true,
                "description": "The sealed submission manifest."
              },
              "Assessment": {
                "type": "object",
                "required": ["cycle", "unit", "status", "late", "submittedAt", "receipt", "extension", "totals", "items"],
                "properties": {
                  "cycle": {"type": "string"},
                  "unit": {"type": "string"},
                  "status": {"$ref": "#/components/schemas/AssessmentStatus"},
                  "late": {"type": "boolean"},
                  "submittedAt": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
                  "receipt": {"anyOf": [{"$ref": "#/components/schemas/Receipt"}, {"type": "null"}]},
                  "extension": {
                    "anyOf": [
                      {
                        "type": "object",
                        "required": ["until", "reason"],
                        "properties": {"until": {"type": "string", "format": "date-time"}, "reason": {"type": ["string", "null"]}}
                      },
                      {"type": "null"}
                    ]
                  },
                  "totals": {
                    "type": "object",
                    "required": ["self", "appraised", "final", "max", "index"],
                    "properties": {
                      "self": {"$ref": "#/components/schemas/Points"},
                      "appraised": {"$ref": "#/components/schemas/Points"},
                      "final": {"$ref": "#/components/schemas/Points"},
                      "max": {"$ref": "#/components/schemas/Points"},
                      "index": {"anyOf": [{"$ref": "#/components/schemas/Points"}, {"type": "null"}]}
                    }
                  },
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                }
              },
              "Extension": {
                "type": "object",
                "required": ["unit", "until", "reason"],
                "properties": {
                  "unit": {"type": "string"},
                  "until": {"type": "string", "format": "date-time"},
                  "reason": {"type": ["string", "null"]}
                }
              },
              "SurveyRows": {
                "type": "object",
                "required": ["rows"],
                "properties": {
                  "rows": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["unit", "criterion", "points"],
                      "properties": {
                        "unit": {"type": "string"},
                        "criterion": {"type": "string"},
                        "points": {"$ref": "#/components/schemas/PointsInput"}
                      },
                      "additionalProperties": false
                    }
                  }
                },
                "additionalProperties": false
              },
              "Publication": {
                "type": "object",
                "required": ["publishedAt", "snapshotSha256", "auditHead"],
                "properties": {
                  "publishedAt": {"type": "string", "format": "date-time"},
                  "snapshotSha256": {"$ref": "#/components/schemas/Sha256"},
                  "auditHead": {"type": "string"}
                }
              },
              "Results": {
                "type": "object",
                "required": ["cycle", "publishedAt", "snapshotSha256", "blocks"],
                "properties": {
                  "cycle": {"type": "string"},
                  "name": {"type": "string"},
                  "year": {"type": "integer"},
                  "framework": {"$ref": "#/components/schemas/FrameworkRef"},
                  "publishedAt": {"type": "string", "format": "date-time"},
                  "snapshotSha256": {"$ref": "#/components/schemas/Sha256"},
                  "blocks": {"type": "array", "items": {"$ref": "#/components/schemas/BlockRanking"}}
                }
              },
              "BlockRanking": {
                "type": "object",
                "required": ["block", "name", "ranking"],
                "properties": {
                  "block": {"type": "string"},
                  "name": {"type": "string"},
                  "ranking": {"type": "array", "items": {"$ref": "#/components/schemas/RankingEntry"}}
                }
              },
              "RankingEntry": {
                "type": "object",
                "required": ["rank", "unit", "name", "points", "max", "index", "fields"],
                "properties": {
                  "rank": {"type": "integer", "minimum": 1},
                  "unit": {"type": "string"},
                  "name": {"type": "string"},
                  "points": {"$ref": "#/components/schemas/Points"},
                  "max": {"$ref": "#/components/schemas/Points"},
                  "index": {"$ref": "#/components/schemas/Points"},
                  "band": {"type": "string"},
                  "fields": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["code", "title", "points", "max", "index"],
                      "properties": {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "points": {"$ref": "#/components/schemas/Points"},
                        "max": {"$ref": "#/components/schemas/Points"},
                        "index": {"anyOf": [{"$ref": "#/components/schemas/Points"}, {"type": "null"}]}
                      }
                    }
                  },
                  "previous": {
                    "type": "object",
                    "required": ["cycle", "rank", "index"],
                    "properties": {
                      "cycle": {"type": "string"},
                      "rank": {"type": "integer"},
                      "index": {"$ref": "#/components/schemas/Points"}
                    }
                  },
                  "change": {"type": "number", "description": "Index change since the unit's last published cycle"}
                }
              },
              "AuditVerification": {
                "type": "object",
                "required": ["ok", "events", "head"],
                "properties": {
                  "ok": {"type": "boolean"},
                  "events": {"type": "integer", "minimum": 0},
                  "head": {"type": "string"},
                  "firstBroken": {"type": "integer", "description": "Sequence of the first broken link"}
                }
              }
            }
          }
        }
        """#
}
