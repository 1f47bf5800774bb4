/// `harness.js`: what the node scenarios need to run generated mongosh scripts without MongoDB.
///
/// - `fakeDb(options)`: a stub of mongosh's `db` recording every call (`calls`), keeping the
///   collections and indexes created, and failing like MongoDB does (creating an existing
///   collection, `collMod` of a missing one, an index whose name or keys exist with other options).
///   `options.existingCollections` pre-creates collections, `options.existingIndexes` indexes,
///   `options.documents` seeds documents, `options.aggregateResults[collection]` replaces what
///   `aggregate(...).toArray()` returns.
/// - `runScript(path, fake)`: runs a script with the stub as `db`; returns an evaluator of
///   expressions in the script's scope (`evaluate('setupTodos(1)')`).
/// - `validate(schema, document)`: a `$jsonSchema` subset checker (bsonType, required, enum,
///   properties, items, maxItems, minItems, minLength, maxLength, pattern, minimum, maximum);
///   it rejects schemas using keywords it does not know, so it never passes by ignoring one.
/// - `ObjectId`, `Long`, `Decimal128`, `Binary`: BSON values for sample documents.
///
/// No MongoDB server runs here, so the stub models only what the generated scripts use, and fails
/// a scenario on anything else rather than pretend to handle it:
/// - `db` members: `getName`, `getSiblingDB`, `getCollectionNames`, `getCollectionInfos`,
///   `createCollection`, `runCommand` (only `collMod` with `validator`, `validationLevel`,
///   `validationAction`), `getCollection`, `getRole` (with `showPrivileges`; null when missing),
///   `createRole` (`role`, `privileges`, `roles`; fails when the role exists), `updateRole`
///   (`privileges`, `roles`; fails when it does not), `grantPrivilegesToRole` (adds the privileges
///   not held yet; fails when the role does not exist); `options.existingRoles` pre-creates roles; collection members: `getName`, `createIndex`,
///   `getIndexes`, `dropIndex` (fails with IndexNotFound when there is no such index),
///   `deleteMany`, `updateMany`, `aggregate(...).toArray()`, `renameCollection` (fails when the
///   target exists or the source does not; documents, validator and indexes move), `drop`, and
///   the calls of the seeds' documented queries: `find(filter, projection)` with a cursor's
///   `sort`, `skip`, `limit`, `toArray`; `findOne`, `countDocuments`, `insertOne` (an `_id` made
///   when missing), `updateOne` (with `upsert`: the filter's equality fields plus the update),
///   `deleteOne`, `bulkWrite` of `updateOne` operations.
///   Any other member (`db.users`, `insertOne`, `adminCommand`…) throws "stub does not model".
/// - Options: `createCollection` and `collMod` take `validator`, `validationLevel` (`strict`, the
///   default, or `off`: writes skip the validator, as the migrations' rewrites rely on) and
///   `validationAction` (`error` only); `createIndex` takes `name`, `unique`,
///   `partialFilterExpression`, `expireAfterSeconds`.
/// - Operators (`OPERATORS`): filters `$and $or $nor $in $exists $eq $ne $lt $lte $gt $gte`, update
///   `$set` (dotted paths through documents too), `$unset`, `$rename` and `$pull`, pipeline stages `$match $setWindowFields $project $merge` with `$documentNumber`,
///   `$lookup $group`, expressions `$sum $add $dateTrunc`, validator `$jsonSchema`. Any other `$` key
///   throws "stub does not model operator".
/// - Documents: `options.documents[collection]` seeds a collection (not validated: data from
///   before); `fake.documents(collection)` is what it holds, `fake.validator(collection)` the
///   `$jsonSchema` it validates with now (null when it has none). Every call is recorded for the
///   scenario to assert on, and evaluated (``MongoQueryEvaluation``): `deleteMany` and `updateMany`
///   change the matching documents and report their counts, `aggregate` runs its pipeline, except
///   that `options.aggregateResults[collection]` replaces what `aggregate` returns on that
///   collection (then nothing is evaluated there).
enum MongoScriptHarness {
    static let source = #"""
        'use strict';
        const fs = require('fs');

        class ObjectId { constructor(hex) { this.hex = hex || '000000000000000000000001'; } }
        class Long { constructor(value) { this.value = String(value); } }
        class Decimal128 { constructor(value) { this.value = String(value); } }
        class Binary { constructor(bytes) { this.bytes = bytes; } }

        function serverError(code, codeName, message) {
          const error = new Error(codeName + ': ' + message);
          error.code = code;
          error.codeName = codeName;
          return error;
        }

        const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

        // Every `$` key the stub accepts; see the list in MongoScriptHarness's documentation.
        const OPERATORS = new Set(['$and', '$or', '$nor', '$in', '$exists', '$eq', '$ne', '$lt', '$lte', '$gt', '$gte',
          '$set', '$unset', '$rename', '$pull', '$match', '$setWindowFields', '$project', '$merge', '$documentNumber', '$jsonSchema',
          '$lookup', '$group', '$sum', '$add', '$dateTrunc']);

        // Throws on a `$` key the stub does not model (values like '$user_id' are field paths, not keys).
        // Inside `$jsonSchema` keys are schema keywords, checked by validate() instead.
        function checkOperators(value, where) {
          if (value === null || typeof value !== 'object' || isDate(value)) return;
          if (Array.isArray(value)) { value.forEach((item) => checkOperators(item, where)); return; }
          for (const [key, inner] of Object.entries(value)) {
            if (key.startsWith('$') && !OPERATORS.has(key)) throw new Error('stub does not model operator ' + key + ' in ' + where);
            if (key !== '$jsonSchema') checkOperators(inner, where);
          }
        }

        // Validation settings the stub models: level strict or off, action error.
        function checkValidation(settings) {
          if (settings.validationLevel !== undefined && !['strict', 'off'].includes(settings.validationLevel)) {
            throw new Error('stub does not model validationLevel ' + settings.validationLevel);
          }
          if (settings.validationAction !== undefined && settings.validationAction !== 'error') {
            throw new Error('stub does not model validationAction ' + settings.validationAction);
          }
        }

        function checkKeys(object, allowed, where) {
          for (const key of Object.keys(object || {})) {
            if (!allowed.includes(key)) throw new Error('stub does not model ' + where + ' option ' + key);
          }
        }

        // Reading a member the stub does not define throws instead of yielding undefined.
        function strict(target, what) {
          return new Proxy(target, {
            get(object, property) {
              if (typeof property === 'symbol' || property in object) return object[property];
              throw new Error('stub does not model ' + what + '.' + property);
            },
          });
        }

        function fakeDb(options = {}) {
          const calls = [];
          const databases = new Map();
          function database(dbName) {
            if (databases.has(dbName)) return databases.get(dbName);
            const collections = new Map();
            const state = (name) => {
              if (!collections.has(name)) {
                collections.set(name, { indexes: [{ name: '_id_', key: { _id: 1 }, options: {} }], documents: [], validator: null, validationLevel: 'strict' });
              }
              return collections.get(name);
            };
            for (const name of options.existingCollections || []) state(name);
            for (const index of options.existingIndexes || []) state(index.collection).indexes.push(index);
            for (const [name, documents] of Object.entries(options.documents || {})) state(name).documents.push(...documents);
            const roles = new Map();
            for (const role of options.existingRoles || []) roles.set(role.role, { roles: [], privileges: [], ...role });
            function collection(name) {
              return strict({
                getName: () => name,
                createIndex(key, indexOptions) {
                  checkKeys(indexOptions, ['name', 'unique', 'partialFilterExpression', 'expireAfterSeconds'], 'createIndex');
                  checkOperators(indexOptions.partialFilterExpression, 'partialFilterExpression');
                  calls.push({ op: 'createIndex', db: dbName, collection: name, key, options: indexOptions });
                  const indexes = state(name).indexes;
                  const byName = indexes.find((index) => index.name === indexOptions.name);
                  if (byName && !same(byName.key, key)) throw serverError(86, 'IndexKeySpecsConflict', indexOptions.name);
                  if (byName && !same(byName.options, indexOptions)) throw serverError(85, 'IndexOptionsConflict', indexOptions.name);
                  if (byName) return indexOptions.name;
                  const byKey = indexes.find((index) => same(index.key, key)
                    && same(index.options.partialFilterExpression, indexOptions.partialFilterExpression));
                  if (byKey) throw serverError(85, 'IndexOptionsConflict', 'same keys as ' + byKey.name);
                  indexes.push({ name: indexOptions.name, key, options: indexOptions });
                  return indexOptions.name;
                },
                getIndexes: () => state(name).indexes.map((index) => ({ v: 2, key: index.key, name: index.name })),
                dropIndex(indexName) {
                  calls.push({ op: 'dropIndex', db: dbName, collection: name, name: indexName });
                  if (!state(name).indexes.some((index) => index.name === indexName)) {
                    throw serverError(27, 'IndexNotFound', 'index not found with name [' + indexName + ']');
                  }
                  state(name).indexes = state(name).indexes.filter((index) => index.name !== indexName);
                },
                renameCollection(target) {
                  calls.push({ op: 'renameCollection', db: dbName, collection: name, target });
                  if (!collections.has(name)) throw serverError(26, 'NamespaceNotFound', 'source namespace does not exist');
                  if (collections.has(target)) throw serverError(48, 'NamespaceExists', 'target namespace exists');
                  collections.set(target, collections.get(name));
                  collections.delete(name);
                  return { ok: 1 };
                },
                drop() {
                  calls.push({ op: 'drop', db: dbName, collection: name });
                  return collections.delete(name);
                },
                find(filter = {}, projection = undefined) {
                  checkOperators(filter, 'find filter');
                  calls.push({ op: 'find', db: dbName, collection: name, filter, projection });
                  return cursor(state(name).documents.filter((document) => matches(document, filter)), projection);
                },
                findOne(filter = {}, projection = undefined) {
                  checkOperators(filter, 'findOne filter');
                  calls.push({ op: 'findOne', db: dbName, collection: name, filter, projection });
                  const found = state(name).documents.find((document) => matches(document, filter));
                  if (found === undefined) return null;
                  return projection === undefined ? { ...found } : project(found, projection);
                },
                countDocuments(filter = {}) {
                  checkOperators(filter, 'countDocuments filter');
                  calls.push({ op: 'countDocuments', db: dbName, collection: name, filter });
                  return state(name).documents.filter((document) => matches(document, filter)).length;
                },
                insertOne(document) {
                  checkOperators(document, 'insertOne document');
                  calls.push({ op: 'insertOne', db: dbName, collection: name, document });
                  const inserted = '_id' in document ? { ...document } : { _id: new ObjectId(generatedObjectIdHex()), ...document };
                  store(state(name), name, inserted, null);
                  return { acknowledged: true, insertedId: inserted._id };
                },
                updateOne(filter, update, updateOptions = {}) {
                  checkKeys(updateOptions, ['upsert'], 'updateOne');
                  checkOperators(filter, 'updateOne filter');
                  checkOperators(update, 'updateOne update');
                  calls.push({ op: 'updateOne', db: dbName, collection: name, filter, update, options: updateOptions });
                  return updateFirst(state(name), name, filter, update, updateOptions.upsert === true);
                },
                deleteOne(filter) {
                  checkOperators(filter, 'deleteOne filter');
                  calls.push({ op: 'deleteOne', db: dbName, collection: name, filter });
                  const documents = state(name).documents;
                  const position = documents.findIndex((document) => matches(document, filter));
                  if (position >= 0) documents.splice(position, 1);
                  return { acknowledged: true, deletedCount: position >= 0 ? 1 : 0 };
                },
                // Ordered, as the server's default: the first failing operation stops the rest.
                bulkWrite(operations) {
                  calls.push({ op: 'bulkWrite', db: dbName, collection: name, operations });
                  const result = { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
                  for (const operation of operations) {
                    checkKeys(operation, ['updateOne'], 'bulkWrite operation');
                    const spec = operation.updateOne;
                    checkKeys(spec, ['filter', 'update', 'upsert'], 'bulkWrite updateOne');
                    checkOperators(spec.filter, 'bulkWrite filter');
                    checkOperators(spec.update, 'bulkWrite update');
                    const one = updateFirst(state(name), name, spec.filter, spec.update, spec.upsert === true);
                    for (const key of ['matchedCount', 'modifiedCount', 'upsertedCount']) result[key] += one[key];
                  }
                  return result;
                },
                deleteMany(filter) {
                  checkOperators(filter, 'deleteMany filter');
                  calls.push({ op: 'deleteMany', db: dbName, collection: name, filter });
                  const documents = state(name).documents;
                  state(name).documents = documents.filter((document) => !matches(document, filter));
                  return { acknowledged: true, deletedCount: documents.length - state(name).documents.length };
                },
                updateMany(filter, update) {
                  checkOperators(filter, 'updateMany filter');
                  checkOperators(update, 'updateMany update');
                  calls.push({ op: 'updateMany', db: dbName, collection: name, filter, update });
                  let modifiedCount = 0;
                  for (const document of state(name).documents.filter((candidate) => matches(candidate, filter))) {
                    const updated = applyUpdate(document, update);
                    if (canonical(updated) === canonical(document)) continue;
                    store(state(name), name, updated, document);
                    modifiedCount += 1;
                  }
                  return { acknowledged: true, modifiedCount };
                },
                aggregate(pipeline) {
                  checkOperators(pipeline, 'aggregate pipeline');
                  calls.push({ op: 'aggregate', db: dbName, collection: name, pipeline });
                  const recorded = (options.aggregateResults || {})[name];
                  const results = recorded ? recorded.slice() : runPipeline(state(name).documents, pipeline, state);
                  return strict({ toArray: () => results.slice() }, 'cursor');
                },
              }, 'collection');
            }
            const db = strict({
              getName: () => dbName,
              getSiblingDB: (name) => database(name),
              getCollectionNames: () => [...collections.keys()],
              getCollectionInfos(filter) {
                return [...collections.keys()].filter((name) => !filter || filter.name === undefined || filter.name === name)
                  .map((name) => ({ name, type: 'collection' }));
              },
              createCollection(name, collectionOptions) {
                checkKeys(collectionOptions, ['validator', 'validationLevel', 'validationAction'], 'createCollection');
                checkOperators(collectionOptions.validator, 'validator');
                checkValidation(collectionOptions);
                calls.push({ op: 'createCollection', db: dbName, collection: name, options: collectionOptions });
                if (collections.has(name)) throw serverError(48, 'NamespaceExists', name);
                state(name).validator = collectionOptions.validator || null;
                state(name).validationLevel = collectionOptions.validationLevel || 'strict';
                return { ok: 1 };
              },
              runCommand(command) {
                if (command.collMod === undefined) throw new Error('stub does not model command ' + Object.keys(command)[0]);
                checkKeys(command, ['collMod', 'validator', 'validationLevel', 'validationAction'], 'collMod');
                checkOperators(command.validator, 'validator');
                checkValidation(command);
                calls.push({ op: 'runCommand', db: dbName, command });
                if (command.collMod !== undefined && !collections.has(command.collMod)) {
                  throw serverError(26, 'NamespaceNotFound', command.collMod);
                }
                if (command.validator) state(command.collMod).validator = command.validator;
                if (command.validationLevel) state(command.collMod).validationLevel = command.validationLevel;
                return { ok: 1 };
              },
              getCollection: (name) => collection(name),
              getRole(name, roleOptions) {
                checkKeys(roleOptions, ['showPrivileges'], 'getRole');
                if (!roles.has(name)) return null;
                const role = roles.get(name);
                return { role: name, db: dbName, roles: role.roles, ...(roleOptions && roleOptions.showPrivileges ? { privileges: role.privileges } : {}) };
              },
              createRole(document) {
                checkKeys(document, ['role', 'privileges', 'roles'], 'createRole');
                calls.push({ op: 'createRole', db: dbName, document });
                if (roles.has(document.role)) throw serverError(51002, 'Location51002', 'Role "' + document.role + '@' + dbName + '" already exists');
                roles.set(document.role, { privileges: document.privileges, roles: document.roles });
              },
              updateRole(name, update) {
                checkKeys(update, ['privileges', 'roles'], 'updateRole');
                calls.push({ op: 'updateRole', db: dbName, role: name, update });
                if (!roles.has(name)) throw serverError(31, 'RoleNotFound', 'Role ' + name + '@' + dbName + ' not found');
                roles.set(name, { ...roles.get(name), ...update });
              },
              grantPrivilegesToRole(name, privileges) {
                calls.push({ op: 'grantPrivilegesToRole', db: dbName, role: name, privileges });
                if (!roles.has(name)) throw serverError(31, 'RoleNotFound', 'Role ' + name + '@' + dbName + ' not found');
                const role = roles.get(name);
                const known = (privilege) => role.privileges.some((held) => same(held, privilege));
                role.privileges = role.privileges.concat(privileges.filter((privilege) => !known(privilege)));
              },
              collections,
              roles,
            }, 'db');
            databases.set(dbName, db);
            return db;
          }
          const db = database(options.defaultDatabase || 'test');
          const documents = (name, dbName) => database(dbName || options.defaultDatabase || 'test').collections.get(name)?.documents ?? [];
          const validator = (name, dbName) => database(dbName || options.defaultDatabase || 'test').collections.get(name)?.validator?.$jsonSchema ?? null;
          return { db, calls, database, documents, validator, of: (op) => calls.filter((call) => call.op === op) };
        }

        // Runs the script in this realm (so its objects compare with deepStrictEqual) with the stub as
        // `db`; returns an evaluator of expressions in the script's scope, e.g. 'setupTodos(1)'.
        function runScript(path, fake) {
          const body = fs.readFileSync(path, 'utf8') + '\n;return (expression) => eval(expression);';
          const run = new Function('db', 'print', 'printjson', 'NumberLong', body);
          return run(fake.db, () => {}, () => {}, (value) => new Long(value));
        }

        function bsonTypeOf(value) {
          if (value === null || value === undefined) return 'null';
          if (value instanceof ObjectId) return 'objectId';
          if (value instanceof Long) return 'long';
          if (value instanceof Decimal128) return 'decimal';
          if (value instanceof Binary) return 'binData';
          if (Object.prototype.toString.call(value) === '[object Date]') return 'date';
          if (Array.isArray(value)) return 'array';
          if (typeof value === 'string') return 'string';
          if (typeof value === 'boolean') return 'bool';
          if (typeof value === 'number') {
            if (!Number.isInteger(value)) return 'double';
            return Math.abs(value) < 2 ** 31 ? 'int' : 'long';
          }
          if (typeof value === 'object') return 'object';
          return typeof value;
        }

        const KNOWN_KEYWORDS = new Set(['bsonType', 'required', 'enum', 'properties', 'items', 'maxItems', 'minItems',
          'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'description', 'title']);

        function validate(schema, value, path = '$') {
          for (const keyword of Object.keys(schema)) {
            if (!KNOWN_KEYWORDS.has(keyword)) throw new Error('checker does not know keyword ' + keyword + ' at ' + path);
          }
          const type = bsonTypeOf(value);
          if (schema.bsonType !== undefined) {
            const allowed = [].concat(schema.bsonType);
            if (!allowed.includes(type)) return [path + ': ' + type + ' is not ' + allowed.join('|')];
          }
          const errors = [];
          if (schema.enum !== undefined && !schema.enum.some((option) => option === value || (option === null && value === null))) {
            errors.push(path + ': ' + JSON.stringify(value) + ' is not one of ' + JSON.stringify(schema.enum));
          }
          if (type === 'object') {
            for (const key of schema.required || []) {
              if (!(key in value)) errors.push(path + ': missing ' + key);
            }
            for (const [key, property] of Object.entries(schema.properties || {})) {
              if (key in value) errors.push(...validate(property, value[key], path + '.' + key));
            }
          }
          if (type === 'array') {
            if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(path + ': more than ' + schema.maxItems + ' items');
            if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(path + ': fewer than ' + schema.minItems + ' items');
            if (schema.items !== undefined) value.forEach((item, i) => errors.push(...validate(schema.items, item, path + '[' + i + ']')));
          }
          if (type === 'string') {
            if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(path + ': longer than ' + schema.maxLength);
            if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(path + ': shorter than ' + schema.minLength);
            if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) errors.push(path + ': does not match ' + schema.pattern);
          }
          if (['int', 'long', 'double', 'decimal'].includes(type)) {
            const number = typeof value === 'number' ? value : Number(value.value);
            if (schema.minimum !== undefined && number < schema.minimum) errors.push(path + ': below ' + schema.minimum);
            if (schema.maximum !== undefined && number > schema.maximum) errors.push(path + ': above ' + schema.maximum);
          }
          return errors;
        }

        // The $jsonSchema a collection was created (or last collMod-ed) with.
        function validatorOf(fake, collection) {
          const calls = fake.calls.filter((call) =>
            (call.op === 'createCollection' && call.collection === collection)
            || (call.op === 'runCommand' && call.command.collMod === collection));
          if (calls.length === 0) throw new Error('no validator set for ' + collection);
          const last = calls[calls.length - 1];
          return (last.op === 'createCollection' ? last.options.validator : last.command.validator).$jsonSchema;
        }

        function expectValid(fake, collection, document) {
          const errors = validate(validatorOf(fake, collection), document);
          if (errors.length > 0) throw new Error(collection + ': expected valid, got ' + errors.join('; ') + ' for ' + JSON.stringify(document));
        }

        function expectInvalid(fake, collection, document, fragment) {
          const errors = validate(validatorOf(fake, collection), document);
          if (errors.length === 0) throw new Error(collection + ': expected rejection of ' + JSON.stringify(document));
          if (fragment && !errors.some((error) => error.includes(fragment))) {
            throw new Error(collection + ': expected an error mentioning ' + fragment + ', got ' + errors.join('; '));
          }
        }

        function isDate(value) { return Object.prototype.toString.call(value) === '[object Date]'; }

        """# + MongoQueryEvaluation.source + #"""
        module.exports = { ObjectId, Long, Decimal128, Binary, fakeDb, runScript, validate, validatorOf, expectValid,
          expectInvalid, isDate, same, canonical };
        """#
}
