/// The part of `harness.js` that evaluates what the retention scripts ask of documents, with
/// MongoDB's semantics for what the scripts rely on, so a scenario can seed collections and check
/// what a run leaves (see ``MongoScriptHarness``):
///
/// - Comparisons within one BSON type bracket (numbers of every kind, strings, dates, ObjectIds,
///   bools); values of different brackets never compare, so `$lt` of a date skips null, missing
///   and string values. `{ f: null }` matches a missing `f`; `$ne` is the negation of equality.
/// - Paths through arrays of documents (`related.last_seen`) reach each element's value; a filter
///   holds when any reached value satisfies it.
/// - Pipeline stages `$match`, `$project` (inclusion, `_id: 0`, computed fields), `$lookup`
///   (`from`, `localField`, `foreignField`, `as`: a null or missing local value matches foreign
///   documents whose key is null or missing, as on the server), `$group` with `$sum`
///   accumulators, `$setWindowFields` with `$documentNumber`, and `$merge` (`into`, `on`,
///   `whenMatched: "replace"` or a pipeline of `$set` stages reading `$$new`,
///   `whenNotMatched: "insert"`); expressions: field paths, `$$new.…`, `$add`, `$dateTrunc`
///   (`unit: "day"`, `timezone: "UTC"`).
/// - Writes as the server checks them: `$merge` needs `on` to be `_id` or the keys of a unique
///   index of the target (error 51183) and non-null `on` values in every document (51132); inserts
///   keep unique indexes (11000); inserted and updated documents must pass the collection's
///   validator when it has one (121) and its validation level is not `off`.
///
/// Anything else (an unknown stage option, `unit: "month"`, a dotted `$set`) throws "stub does not
/// evaluate …" rather than pretend.
enum MongoQueryEvaluation {
    static let source = #"""

        // ---- Evaluation of filters, updates and pipelines (MongoQueryEvaluation) ----

        function bracket(value) {
          if (value === null || value === undefined) return 'null';
          if (typeof value === 'number' || value instanceof Long || value instanceof Decimal128) return 'number';
          if (typeof value === 'string') return 'string';
          if (isDate(value)) return 'date';
          if (value instanceof ObjectId) return 'objectId';
          if (value instanceof Binary) return 'binData';
          if (typeof value === 'boolean') return 'bool';
          if (Array.isArray(value)) return 'array';
          return 'object';
        }

        const isDocument = (value) => bracket(value) === 'object';
        const numberOf = (value) => (typeof value === 'number' ? value : Number(value.value));

        // A text equal for values MongoDB finds equal (1, Long(1) and 1.0 alike).
        function canonical(value) {
          switch (bracket(value)) {
            case 'null': return 'null';
            case 'number': return 'n:' + numberOf(value);
            case 'string': return 's:' + JSON.stringify(value);
            case 'date': return 'd:' + value.getTime();
            case 'objectId': return 'o:' + value.hex;
            case 'binData': return 'x:' + JSON.stringify(value.bytes);
            case 'bool': return 'b:' + value;
            case 'array': return '[' + value.map(canonical).join(',') + ']';
            default: return '{' + Object.entries(value).filter(([, inner]) => inner !== undefined)
              .map(([key, inner]) => JSON.stringify(key) + ':' + canonical(inner)).join(',') + '}';
          }
        }

        // -1, 0 or 1 within a type bracket; null for values of different brackets.
        function compare(a, b) {
          const kind = bracket(a);
          if (kind !== bracket(b)) return null;
          switch (kind) {
            case 'null': return 0;
            case 'number': return Math.sign(numberOf(a) - numberOf(b));
            case 'date': return Math.sign(a.getTime() - b.getTime());
            case 'string': return a < b ? -1 : a > b ? 1 : 0;
            case 'objectId': return a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0;
            case 'bool': return Number(a) - Number(b);
            default: return canonical(a) === canonical(b) ? 0 : null;
          }
        }

        // The values a dotted path reaches: through arrays element by element; an array at the end
        // is a value and so is each of its elements. [] when the path reaches nothing.
        function reach(value, parts) {
          if (parts.length === 0) return value === undefined ? [] : Array.isArray(value) ? [value, ...value] : [value];
          if (Array.isArray(value)) return value.flatMap((element) => (isDocument(element) ? reach(element, parts) : []));
          if (!isDocument(value) || !(parts[0] in value)) return [];
          return reach(value[parts[0]], parts.slice(1));
        }

        const isOperatorObject = (value) => isDocument(value) && Object.keys(value).length > 0
          && Object.keys(value).every((key) => key.startsWith('$'));

        // Whether a reached value equals the operand; null also matches a path that reaches nothing.
        function equalsAny(values, operand) {
          if (operand === null && values.length === 0) return true;
          return values.some((value) => compare(value, operand) === 0);
        }

        function ordered(values, operand, accept) {
          return values.some((value) => { const order = compare(value, operand); return order !== null && accept(order); });
        }

        function fieldMatches(values, condition) {
          if (!isOperatorObject(condition)) return equalsAny(values, condition);
          return Object.entries(condition).every(([op, operand]) => {
            switch (op) {
              case '$eq': return equalsAny(values, operand);
              case '$ne': return !equalsAny(values, operand);
              case '$in': return operand.some((option) => equalsAny(values, option));
              case '$exists': return (values.length > 0) === Boolean(operand);
              case '$lt': return ordered(values, operand, (order) => order < 0);
              case '$lte': return ordered(values, operand, (order) => order <= 0);
              case '$gt': return ordered(values, operand, (order) => order > 0);
              case '$gte': return ordered(values, operand, (order) => order >= 0);
              default: throw new Error('stub does not evaluate query operator ' + op);
            }
          });
        }

        function matches(document, filter) {
          return Object.entries(filter).every(([key, condition]) => {
            switch (key) {
              case '$and': return condition.every((inner) => matches(document, inner));
              case '$or': return condition.some((inner) => matches(document, inner));
              case '$nor': return !condition.some((inner) => matches(document, inner));
              default: return fieldMatches(reach(document, key.split('.')), condition);
            }
          });
        }

        // The value of a path in an expression (no arrays on the way); undefined when missing.
        function pathValue(value, parts) {
          for (const part of parts) {
            if (Array.isArray(value)) throw new Error('stub does not evaluate expression paths through arrays');
            if (!isDocument(value) || !(part in value)) return undefined;
            value = value[part];
          }
          return value;
        }

        // Sums numbers as the server does for these scripts: a Long when any term is one; non-numbers add nothing.
        function sum(values) {
          const numbers = values.filter((value) => bracket(value) === 'number');
          const total = numbers.reduce((acc, value) => acc + numberOf(value), 0);
          return numbers.some((value) => value instanceof Long) ? new Long(total) : total;
        }

        function evaluate(expression, document, variables = {}) {
          if (typeof expression === 'string' && expression.startsWith('$$')) {
            const [name, ...parts] = expression.slice(2).split('.');
            if (!(name in variables)) throw new Error('stub does not evaluate variable $$' + name);
            return pathValue(variables[name], parts);
          }
          if (typeof expression === 'string' && expression.startsWith('$')) return pathValue(document, expression.slice(1).split('.'));
          if (Array.isArray(expression)) return expression.map((inner) => evaluate(inner, document, variables));
          if (!isDocument(expression)) return expression;
          const keys = Object.keys(expression);
          if (keys.length !== 1 || !keys[0].startsWith('$')) {
            return Object.fromEntries(keys.map((key) => [key, evaluate(expression[key], document, variables)]));
          }
          const operand = expression[keys[0]];
          switch (keys[0]) {
            case '$add': {
              const terms = operand.map((inner) => evaluate(inner, document, variables));
              if (terms.some((term) => term === null || term === undefined)) return null;
              if (!terms.every((term) => bracket(term) === 'number')) throw new Error('stub does not evaluate $add of non-numbers');
              return sum(terms);
            }
            case '$dateTrunc': {
              checkKeys(operand, ['date', 'unit', 'timezone'], '$dateTrunc');
              if (operand.unit !== 'day' || operand.timezone !== 'UTC') throw new Error('stub does not evaluate $dateTrunc other than unit day in UTC');
              const date = evaluate(operand.date, document, variables);
              if (date === null || date === undefined) return null;
              if (!isDate(date)) throw serverError(5439012, 'Location5439012', '$dateTrunc requires date to be a date');
              return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
            }
            default: throw new Error('stub does not evaluate expression operator ' + keys[0]);
          }
        }

        // Sets a dotted path, copying the documents on the way (the original stays as it was); a
        // value on the way that is not a document fails as on the server (PathNotViable).
        function setPath(document, parts, value) {
          const [head, ...rest] = parts;
          if (rest.length === 0) { document[head] = value; return; }
          const inner = document[head];
          if (inner !== undefined && !isDocument(inner)) {
            throw serverError(28, 'PathNotViable', 'Cannot create field \'' + rest[0] + '\' in element {' + head + ': ' + JSON.stringify(inner) + '}');
          }
          document[head] = { ...(inner || {}) };
          setPath(document[head], rest, value);
        }

        // Applies $set (dotted paths too), $unset, $rename and $pull (top-level fields) to a copy
        // of the document.
        function applyUpdate(document, update) {
          const updated = { ...document };
          for (const [op, fields] of Object.entries(update)) {
            for (const [key, value] of Object.entries(fields)) {
              if (key.includes('.') && op === '$set') { setPath(updated, key.split('.'), value); continue; }
              if (key.includes('.')) throw new Error('stub does not evaluate dotted update paths (' + key + ')');
              if (op === '$set') {
                updated[key] = value;
              } else if (op === '$unset') {
                delete updated[key];
              } else if (op === '$rename') {
                if (typeof value !== 'string' || value.includes('.')) throw new Error('stub does not evaluate $rename to ' + JSON.stringify(value));
                if (key in updated) { updated[value] = updated[key]; delete updated[key]; }
              } else if (op === '$pull') {
                if (!Array.isArray(updated[key])) continue;
                updated[key] = updated[key].filter((element) => !(isDocument(value) && !isOperatorObject(value)
                  ? isDocument(element) && matches(element, value)
                  : fieldMatches([element], value)));
              } else {
                throw new Error('stub does not evaluate update operator ' + op);
              }
            }
          }
          return updated;
        }

        let generatedIds = 0;

        // The hex of an ObjectId the stub makes for a document inserted without `_id`.
        function generatedObjectIdHex() {
          return 'f' + String(++generatedIds).padStart(23, '0');
        }

        // updateOne: the first matching document updated, or with `upsert` and no match, a new
        // document of the filter's equality fields with the update applied.
        function updateFirst(state, collectionName, filter, update, upsert) {
          const result = { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
          const document = state.documents.find((candidate) => matches(candidate, filter));
          if (document !== undefined) {
            result.matchedCount = 1;
            const updated = applyUpdate(document, update);
            if (canonical(updated) === canonical(document)) return result;
            store(state, collectionName, updated, document);
            result.modifiedCount = 1;
            return result;
          }
          if (!upsert) return result;
          const seed = {};
          for (const [key, condition] of Object.entries(filter)) {
            if (key.startsWith('$') || key.includes('.')) throw new Error('stub does not evaluate an upsert from filter key ' + key);
            if (!isOperatorObject(condition)) seed[key] = condition;
            else if (Object.keys(condition).length === 1 && '$eq' in condition) seed[key] = condition.$eq;
          }
          const made = applyUpdate(seed, update);
          const inserted = '_id' in made ? made : { _id: new ObjectId(generatedObjectIdHex()), ...made };
          store(state, collectionName, inserted, null);
          result.upsertedCount = 1;
          result.upsertedId = inserted._id;
          return result;
        }

        // A find cursor: sort, skip and limit (applied in the server's order whatever the call
        // order), then toArray; projected documents when find had a projection, copies otherwise.
        function cursor(documents, projection) {
          let sortBy = null;
          let skipped = 0;
          let limited = 0;
          const self = strict({
            sort(spec) { sortBy = spec; return self; },
            skip(count) { skipped = count; return self; },
            limit(count) { limited = count; return self; },
            toArray() {
              const sorted = sortBy === null ? documents.slice() : documents.slice().sort((a, b) => orderBy(a, b, sortBy));
              const window = sorted.slice(skipped, limited > 0 ? skipped + limited : undefined);
              return window.map((document) => (projection === undefined ? { ...document } : project(document, projection)));
            },
          }, 'cursor');
          return self;
        }

        // Inserts or replaces a document in a collection's state as the server would accept it.
        function store(state, collectionName, document, replacing) {
          if (state.validator && state.validationLevel !== 'off') {
            const errors = validate(state.validator.$jsonSchema, document);
            if (errors.length > 0) throw serverError(121, 'DocumentValidationFailure', collectionName + ': ' + errors.join('; '));
          }
          const others = state.documents.filter((other) => other !== replacing);
          const uniques = [{ key: { _id: 1 } }].concat(state.indexes.filter((index) => index.options && index.options.unique
            && !index.options.partialFilterExpression));
          for (const index of uniques) {
            const keyOf = (doc) => canonical(Object.keys(index.key).map((field) => reach(doc, field.split('.'))[0] ?? null));
            if (others.some((other) => keyOf(other) === keyOf(document))) {
              throw serverError(11000, 'DuplicateKey', collectionName + ' index ' + (index.name || '_id_') + ' dup key');
            }
          }
          if (replacing) state.documents[state.documents.indexOf(replacing)] = document;
          else state.documents.push(document);
        }

        function merge(stream, spec, target, targetName) {
          checkKeys(spec, ['into', 'on', 'whenMatched', 'whenNotMatched'], '$merge');
          const on = [].concat(spec.on || '_id');
          const sameFields = (index) => same(Object.keys(index.key).slice().sort(), on.slice().sort());
          if (!same(on, ['_id']) && !target.indexes.some((index) => index.options && index.options.unique && sameFields(index))) {
            throw serverError(51183, 'Location51183', 'Cannot find index to verify that join fields will be unique');
          }
          for (const document of stream) {
            const keys = on.map((field) => document[field]);
            if (keys.some((key) => key === null || key === undefined || Array.isArray(key))) {
              throw serverError(51132, 'Location51132', '$merge write error: \'on\' field cannot be missing, null or an array');
            }
            const existing = target.documents.find((other) => on.every((field, i) => compare(other[field], keys[i]) === 0));
            if (!existing) {
              if (spec.whenNotMatched !== 'insert') throw new Error('stub does not evaluate whenNotMatched ' + spec.whenNotMatched);
              const inserted = '_id' in document ? { ...document } : { _id: new ObjectId('generated' + (++generatedIds)), ...document };
              store(target, targetName, inserted, null);
            } else if (spec.whenMatched === 'replace') {
              if ('_id' in document && compare(document._id, existing._id) !== 0) throw serverError(66, 'ImmutableField', '_id');
              store(target, targetName, { _id: existing._id, ...document }, existing);
            } else if (Array.isArray(spec.whenMatched)) {
              let updated = { ...existing };
              for (const stage of spec.whenMatched) {
                checkKeys(stage, ['$set'], 'whenMatched pipeline stage');
                for (const [key, expression] of Object.entries(stage.$set)) {
                  if (key.includes('.')) throw new Error('stub does not evaluate dotted $set paths (' + key + ')');
                  updated[key] = evaluate(expression, existing, { new: document });
                }
              }
              store(target, targetName, updated, existing);
            } else {
              throw new Error('stub does not evaluate whenMatched ' + JSON.stringify(spec.whenMatched));
            }
          }
        }

        function project(document, spec) {
          const projected = {};
          const idSpec = spec._id;
          if ((idSpec === undefined || idSpec === 1 || idSpec === true) && '_id' in document) projected._id = document._id;
          for (const [key, value] of Object.entries(spec)) {
            if (key === '_id' && [0, 1, true, false].includes(value)) continue;
            if (value === 1 || value === true) {
              if (key.includes('.')) throw new Error('stub does not evaluate dotted projections (' + key + ')');
              if (key in document) projected[key] = document[key];
            } else if (value === 0 || value === false) {
              throw new Error('stub does not evaluate exclusion of ' + key);
            } else {
              const computed = evaluate(value, document);
              if (computed !== undefined) projected[key] = computed;
            }
          }
          return projected;
        }

        function group(stream, spec) {
          const groups = new Map();
          for (const document of stream) {
            const id = evaluate(spec._id, document);
            const key = canonical(id);
            if (!groups.has(key)) groups.set(key, { id, inputs: {} });
            for (const [field, accumulator] of Object.entries(spec)) {
              if (field === '_id') continue;
              checkKeys(accumulator, ['$sum'], '$group accumulator');
              const inputs = groups.get(key).inputs;
              (inputs[field] = inputs[field] || []).push(evaluate(accumulator.$sum, document));
            }
          }
          return [...groups.values()].map(({ id, inputs }) => {
            const output = { _id: id };
            for (const field of Object.keys(spec)) if (field !== '_id') output[field] = sum(inputs[field] || []);
            return output;
          });
        }

        function orderBy(a, b, sortBy) {
          for (const [field, direction] of Object.entries(sortBy)) {
            const x = pathValue(a, field.split('.')), y = pathValue(b, field.split('.'));
            const order = compare(x, y) ?? (canonical(x) < canonical(y) ? -1 : 1);
            if (order !== 0) return order * direction;
          }
          return 0;
        }

        function windowFields(stream, spec) {
          checkKeys(spec, ['partitionBy', 'sortBy', 'output'], '$setWindowFields');
          const partitions = new Map();
          for (const document of stream) {
            const key = canonical(spec.partitionBy === undefined ? null : evaluate(spec.partitionBy, document));
            if (!partitions.has(key)) partitions.set(key, []);
            partitions.get(key).push(document);
          }
          const output = [];
          for (const members of partitions.values()) {
            members.sort((a, b) => orderBy(a, b, spec.sortBy || {}));
            members.forEach((document, position) => {
              const ranked = { ...document };
              for (const [field, operator] of Object.entries(spec.output)) {
                checkKeys(operator, ['$documentNumber'], '$setWindowFields output');
                ranked[field] = position + 1;
              }
              output.push(ranked);
            });
          }
          return output;
        }

        // Runs a pipeline over a collection's documents; `collectionOf(name)` is a collection's state.
        function runPipeline(documents, pipeline, collectionOf) {
          let stream = documents.slice();
          for (const stage of pipeline) {
            const [name, spec] = Object.entries(stage)[0];
            switch (name) {
              case '$match': stream = stream.filter((document) => matches(document, spec)); break;
              case '$project': stream = stream.map((document) => project(document, spec)); break;
              case '$group': stream = group(stream, spec); break;
              case '$setWindowFields': stream = windowFields(stream, spec); break;
              case '$lookup': {
                checkKeys(spec, ['from', 'localField', 'foreignField', 'as'], '$lookup');
                const foreign = collectionOf(spec.from).documents;
                stream = stream.map((document) => {
                  const local = reach(document, spec.localField.split('.'));
                  const keys = local.length === 0 ? [null] : local;
                  const joined = foreign.filter((other) => keys.some((key) => equalsAny(reach(other, spec.foreignField.split('.')), key)));
                  return { ...document, [spec.as]: joined };
                });
                break;
              }
              case '$merge': merge(stream, spec, collectionOf(spec.into), spec.into); stream = []; break;
              default: throw new Error('stub does not evaluate stage ' + name);
            }
          }
          return stream;
        }

        """#
}
