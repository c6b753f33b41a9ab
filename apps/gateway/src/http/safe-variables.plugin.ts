import { coerceInputValue, getOperationAST, isInputType, typeFromAST, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badInput } from '../errors.js';

const MAX_ERRORS = 5;

/** graphql-js's coercion message, without the value it quotes (which may be message text). */
function withoutValue(message: string): string {
  const enumValue = /does not exist in "(\w+)" enum/.exec(message);
  if (enumValue) return `is not a value of the enum ${enumValue[1]}`;
  // The unknown field's name is the client's own input, so it is not repeated either.
  const unknownField = /is not defined by type "(\w+)"/.exec(message);
  if (unknownField) return `has a field that ${unknownField[1]} does not define`;
  const scalar = /^((?:String|Int|Float|Boolean|ID) cannot represent [^:]*)/.exec(message);
  if (scalar) return scalar[1] as string;
  if (/^(Field "[\w.]+" of required type|Expected type|Expected value of type)/.test(message)) return message.slice(0, 200);
  return 'is not a valid value';
}

/**
 * Checks variables against their declared types before graphql-js does, so a wrong-typed value is
 * BAD_USER_INPUT naming its path — never an error whose message (or log line) repeats the value.
 */
export function useSafeVariables(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const operation = getOperationAST(args.document, args.operationName);
      const errors: GraphQLError[] = [];
      for (const definition of operation?.variableDefinitions ?? []) {
        const name = definition.variable.name.value;
        const type = typeFromAST(args.schema, definition.type);
        // graphql-js's own messages for a missing or null value quote no value.
        if (!type || !isInputType(type) || variables[name] == null) continue;
        coerceInputValue(variables[name], type, (path, _value, error) => {
          if (errors.length >= MAX_ERRORS) return;
          const field = [name, ...path].map((segment) => (typeof segment === 'number' ? `[${segment}]` : segment)).join('.').replace(/\.\[/g, '[');
          errors.push(badInput(`Variable "$${name}" has an invalid value at "${field}": ${withoutValue(error.message)}`, field));
        });
      }
      if (errors.length) setResultAndStopExecution({ errors });
    },
  };
}
